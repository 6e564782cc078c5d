import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { RepoReward } from '../api/types.ts';

/**
 * A merged pull request's decay factor by day since merge. Colours are the
 * theme's own variables, so the chart follows light and dark; the figure is
 * described in words and by a table for screen readers.
 */
export function DecayChart({ points, label }: { points: RepoReward['decay_curve']; label: string }) {
  const half = points.find((p) => p.multiplier <= 0.5);
  const floor = points.at(-1)?.multiplier ?? 0;
  const words = `${label}: 1.00 at merge, ${half ? `0.50 or less from day ${half.day}` : 'above 0.50 for 30 days'}, ${floor.toFixed(2)} at day 30.`;
  return (
    <figure className="decay-chart">
      <div role="img" aria-label={words} className="decay-plot">
        <ResponsiveContainer width="100%" height={140}>
          <AreaChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: -20 }}>
            <CartesianGrid stroke="var(--borderColor-muted)" strokeDasharray="3 3" />
            <XAxis dataKey="day" tick={{ fill: 'var(--fgColor-muted)', fontSize: 11 }} stroke="var(--borderColor-default)" tickFormatter={(d: number) => `${d}d`} />
            <YAxis domain={[0, 1]} ticks={[0, 0.5, 1]} tick={{ fill: 'var(--fgColor-muted)', fontSize: 11 }} stroke="var(--borderColor-default)" />
            <Tooltip
              contentStyle={{ background: 'var(--bgColor-default)', border: '1px solid var(--borderColor-default)', color: 'var(--fgColor-default)' }}
              formatter={(v) => [Number(v).toFixed(2), 'decay factor']}
              labelFormatter={(d) => `day ${String(d)} after merge`}
            />
            <Area type="monotone" dataKey="multiplier" stroke="var(--fgColor-accent)" fill="var(--fgColor-accent)" fillOpacity={0.15} isAnimationActive={false} />
          </AreaChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="muted">{words}</figcaption>
    </figure>
  );
}
