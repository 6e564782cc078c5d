import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { PayPoint } from '../../api/types.ts';
import { formatPay, payValue, PRICE_UNKNOWN, UNIT_WORDS } from '../../pay-format.ts';
import type { PayUnit } from '../../url-state.ts';

/**
 * Projected pay per day over the next 30 days. Colours come from Primer's variables through
 * CSS (miner.css), so light and dark need nothing here; the table below is the same data
 * for screen readers and for anyone who prefers numbers.
 */
export function ProjectionChart({ points, unit, title }: { points: readonly PayPoint[]; unit: PayUnit; title: string }) {
  const data = points.map((p) => ({ day: p.day, value: payValue(p, unit) }));
  const known = data.some((d) => d.value !== null);
  const first = points[0];
  const last = points[points.length - 1];
  const summary = first && last ? `${title}: ${formatPay(first, unit)} today, ${formatPay(last, unit)} in ${last.day} days` : title;
  return (
    <figure className="projection" aria-label={title}>
      <figcaption className="projection-caption">{summary}</figcaption>
      {known ? (
        <div className="projection-chart" role="img" aria-label={summary} data-testid="projection-chart">
          <ResponsiveContainer width="100%" height={180}>
            <LineChart data={data} margin={{ top: 8, right: 12, bottom: 4, left: 4 }}>
              <CartesianGrid strokeDasharray="3 3" className="projection-grid" />
              <XAxis dataKey="day" type="number" domain={[0, 30]} ticks={[0, 7, 14, 21, 30]} tickFormatter={(d: number) => (d === 0 ? 'today' : `+${d} d`)} />
              <YAxis width={64} tickFormatter={(v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 2 })} />
              <Tooltip formatter={(v) => [typeof v === 'number' ? v.toLocaleString('en-US', { maximumFractionDigits: 4 }) : PRICE_UNKNOWN, UNIT_WORDS[unit]]} labelFormatter={(d) => `day +${String(d)}`} />
              <Line type="monotone" dataKey="value" className="projection-line" dot={{ r: 2 }} isAnimationActive={false} connectNulls={false} />
            </LineChart>
          </ResponsiveContainer>
        </div>
      ) : (
        <p className="muted projection-unknown">
          {UNIT_WORDS[unit]}: {PRICE_UNKNOWN} (the hub has not mirrored the price yet). Choose “share of emission” to see the curve.
        </p>
      )}
      <details className="projection-table">
        <summary>Show the figures as a table</summary>
        <table>
          <caption className="visually-hidden">{title}, per day</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Date</th>
              <th scope="col">Pay per day</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.day}>
                <td>{p.day === 0 ? 'today' : `+${p.day}`}</td>
                <td>{p.at.slice(0, 10)}</td>
                <td>{formatPay(p, unit)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
