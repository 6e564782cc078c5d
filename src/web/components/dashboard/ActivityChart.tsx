import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ActivityBucket } from '../../api/types.ts';

/** Primer's functional colours (light and dark themes set them): the charts follow the page's theme. */
export const SERIES = [
  { key: 'pulls_opened', name: 'PRs opened', color: 'var(--fgColor-accent, #0969da)' },
  { key: 'pulls_merged', name: 'PRs merged', color: 'var(--fgColor-done, #8250df)' },
  { key: 'pulls_closed', name: 'PRs closed', color: 'var(--fgColor-danger, #d1242f)' },
  { key: 'issues_opened', name: 'Issues opened', color: 'var(--fgColor-success, #1a7f37)' },
  { key: 'issues_completed', name: 'Issues completed', color: 'var(--fgColor-attention, #9a6700)' },
] as const;

const AXIS = { stroke: 'var(--fgColor-muted, #59636e)', fontSize: 12 };
const TOOLTIP = { contentStyle: { background: 'var(--bgColor-default, #fff)', border: '1px solid var(--borderColor-default, #d1d9e0)', color: 'var(--fgColor-default, #1f2328)' } };

/**
 * Activity per hour or per day as grouped bars. The figure is labelled for
 * screen readers, and the numbers are in a table right after it (collapsed), so
 * nothing is only in the picture.
 */
export function ActivityChart({ buckets, unit, title }: { buckets: readonly ActivityBucket[]; unit: 'hour' | 'day'; title: string }) {
  const label = (at: string) => (unit === 'hour' ? `${at.slice(11, 13)}:00` : at.slice(5));
  const data = buckets.map((b) => ({ ...b, label: label(b.at) }));
  const totals = SERIES.map((s) => `${buckets.reduce((n, b) => n + b[s.key], 0)} ${s.name.toLowerCase()}`).join(', ');
  return (
    <figure className="chart" aria-labelledby="activity-chart-caption">
      <figcaption id="activity-chart-caption" className="chart-caption">
        {title}
      </figcaption>
      <div className="chart-canvas" role="img" aria-label={`${title}: ${totals}. The table below lists every ${unit}.`}>
        <ResponsiveContainer width="100%" height={240}>
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid stroke="var(--borderColor-muted, #d1d9e0b3)" vertical={false} />
            <XAxis dataKey="label" tick={AXIS} stroke={AXIS.stroke} interval="preserveStartEnd" minTickGap={16} />
            <YAxis allowDecimals={false} tick={AXIS} stroke={AXIS.stroke} />
            <Tooltip {...TOOLTIP} cursor={{ fill: 'var(--bgColor-muted, #f6f8fa)' }} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {SERIES.map((s) => (
              <Bar key={s.key} dataKey={s.key} name={s.name} fill={s.color} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <details className="chart-table">
        <summary>The numbers, per {unit}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{unit === 'hour' ? 'Hour (UTC)' : 'Day (UTC)'}</th>
              {SERIES.map((s) => (
                <th key={s.key} scope="col">
                  {s.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {buckets.map((b) => (
              <tr key={b.at}>
                <th scope="row">{unit === 'hour' ? `${b.at.slice(0, 10)} ${b.at.slice(11)}:00` : b.at}</th>
                {SERIES.map((s) => (
                  <td key={s.key}>{b[s.key]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
