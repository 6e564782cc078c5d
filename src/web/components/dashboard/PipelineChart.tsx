import { Bar, BarChart, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface Stage {
  name: string;
  count: number;
  /** What the stage counts, in words (shown under the chart and read by screen readers). */
  means: string;
}

const COLORS = ['var(--fgColor-muted, #59636e)', 'var(--fgColor-accent, #0969da)', 'var(--fgColor-done, #8250df)', 'var(--fgColor-success, #1a7f37)'];

/** One pipeline (stages left to right) as horizontal bars, with the stages listed in words. */
export function PipelineChart({ id, title, stages }: { id: string; title: string; stages: readonly Stage[] }) {
  const summary = stages.map((s) => `${s.count} ${s.name.toLowerCase()}`).join(' → ');
  return (
    <figure className="chart" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} className="chart-caption">
        {title}
      </figcaption>
      <div className="chart-canvas" role="img" aria-label={`${title}: ${summary}`}>
        <ResponsiveContainer width="100%" height={36 * stages.length + 16}>
          <BarChart layout="vertical" data={[...stages]} margin={{ top: 4, right: 16, bottom: 4, left: 8 }}>
            <XAxis type="number" hide allowDecimals={false} />
            <YAxis type="category" dataKey="name" width={84} tick={{ fill: 'var(--fgColor-default, #1f2328)', fontSize: 12 }} stroke="var(--borderColor-default, #d1d9e0)" />
            <Tooltip contentStyle={{ background: 'var(--bgColor-default, #fff)', border: '1px solid var(--borderColor-default, #d1d9e0)', color: 'var(--fgColor-default, #1f2328)' }} cursor={false} />
            <Bar dataKey="count" name="Items" isAnimationActive={false} label={{ position: 'right', fill: 'var(--fgColor-default, #1f2328)', fontSize: 12 }}>
              {stages.map((s, i) => (
                <Cell key={s.name} fill={COLORS[i % COLORS.length]} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <ul className="chart-legend-list">
        {stages.map((s) => (
          <li key={s.name}>
            <strong>
              {s.name}: {s.count}
            </strong>{' '}
            <span className="muted">— {s.means}</span>
          </li>
        ))}
      </ul>
    </figure>
  );
}
