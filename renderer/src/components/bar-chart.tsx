/** One bar: its axis label, value, and the text its tooltip shows. */
export interface ChartBar {
  label: string;
  value: number;
  title: string;
  /** Drawn in the warning colour (over budget). */
  bad?: boolean;
}

const W = 640;
const PAD = { top: 12, right: 16, bottom: 28, left: 68 };

/** About four round steps (1, 2 or 5 × 10^n) from 0 to at least `max`. */
export function niceTicks(max: number): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / 4;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let v = 0; v < max + step; v += step) ticks.push(v);
  return ticks;
}

/**
 * A plain SVG bar chart with an optional dashed reference line (a budget). Used where a chart
 * appears while a run is reporting progress: it renders in a couple of milliseconds, where a
 * charting library's first mount takes a long task of its own.
 */
export function BarChart({
  bars,
  line,
  height = 220,
  label,
  testId,
}: {
  bars: readonly ChartBar[];
  line?: { value: number; label: string } | null;
  height?: number;
  label: string;
  testId?: string;
}) {
  const ticks = niceTicks(Math.max(0, ...bars.map((b) => b.value), line?.value ?? 0));
  const top = ticks[ticks.length - 1]!;
  const plotW = W - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  const slot = plotW / Math.max(1, bars.length);
  const barW = Math.max(2, Math.min(48, slot * 0.7));
  const every = Math.max(1, Math.ceil(bars.length / 12));
  return (
    <svg
      className="bar-chart"
      data-testid={testId}
      role="img"
      aria-label={label}
      viewBox={`0 0 ${W} ${height}`}
      width="100%"
      height={height}
    >
      {ticks.map((t) => (
        <g key={t}>
          <line
            x1={PAD.left}
            x2={W - PAD.right}
            y1={y(t)}
            y2={y(t)}
            stroke="#eef0f3"
            strokeDasharray={t === 0 ? undefined : '3 3'}
          />
          <text x={PAD.left - 6} y={y(t)} dy="0.32em" textAnchor="end" fontSize={11} fill="#5b6270">
            {t.toLocaleString('en-US')}
          </text>
        </g>
      ))}
      {bars.map((b, i) => {
        const x = PAD.left + i * slot + (slot - barW) / 2;
        return (
          <g key={i}>
            <rect
              className="bar"
              x={x}
              y={y(b.value)}
              width={barW}
              height={Math.max(0, y(0) - y(b.value))}
              fill={b.bad ? '#c2362f' : '#3d6be0'}
            >
              <title>{b.title}</title>
            </rect>
            {i % every === 0 ? (
              <text x={x + barW / 2} y={height - PAD.bottom + 16} textAnchor="middle" fontSize={11} fill="#5b6270">
                {b.label}
              </text>
            ) : null}
          </g>
        );
      })}
      {line ? (
        <g data-testid={testId ? `${testId}-line` : undefined}>
          <line
            x1={PAD.left}
            x2={W - PAD.right}
            y1={y(line.value)}
            y2={y(line.value)}
            stroke="#c2362f"
            strokeDasharray="4 3"
          />
          <text x={W - PAD.right} y={y(line.value) - 4} textAnchor="end" fontSize={11} fill="#c2362f">
            {line.label}
          </text>
        </g>
      ) : null}
    </svg>
  );
}
