import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { RunDistribution } from '../../store/runs-slice.ts';

export const OUTCOME_COLORS: Record<string, string> = {
  decision: '#3d6be0',
  fallback: '#d08a12',
  none: '#9aa3b5',
  error: '#c2362f',
};

/** One point's requests by decision, coloured by outcome (decision, fallback, none, error). */
export function DistributionChart({ point }: { point: RunDistribution['points'][number] }) {
  const data = [
    ...point.decisions.map((d) => ({ name: d.decision, count: d.count, outcome: d.outcome as string })),
    ...(point.outcomes.none > 0 ? [{ name: '(no decision)', count: point.outcomes.none, outcome: 'none' }] : []),
    ...(point.outcomes.error > 0 ? [{ name: '(errors)', count: point.outcomes.error, outcome: 'error' }] : []),
  ];
  const height = Math.max(90, data.length * 30 + 30);
  return (
    <div className="chart" data-testid={`distribution-${point.point}`}>
      <ResponsiveContainer width="100%" height={height} initialDimension={{ width: 520, height }}>
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 24, bottom: 4, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="#eef0f3" />
          <XAxis type="number" fontSize={11} allowDecimals={false} />
          <YAxis type="category" dataKey="name" width={170} fontSize={11} />
          <Tooltip
            formatter={(v, _n, item) => [
              `${Number(v).toLocaleString('en-US')} (${(item.payload as { outcome: string }).outcome})`,
              'requests',
            ]}
          />
          <Bar dataKey="count" isAnimationActive={false}>
            {data.map((d, i) => (
              <Cell key={i} fill={OUTCOME_COLORS[d.outcome] ?? '#777'} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
