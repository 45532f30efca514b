/**
 * Tiny benchmark harness: runs each contender in the same process, several rounds, interleaved,
 * and reports medians — this machine is shared and noisy, so ratios inside one run are what count.
 */
export interface Contender {
  name: string;
  /** Runs the workload once; returns how many operations it performed. */
  run: () => number;
}

export interface Measurement {
  name: string;
  opsPerSec: number;
  /** Median seconds per round. */
  seconds: number;
  ops: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Interleaves rounds of every contender (after one warm-up round each) and returns medians. */
export function compare(contenders: Contender[], rounds = 5): Measurement[] {
  for (const c of contenders) c.run();
  const times = new Map<string, number[]>();
  const ops = new Map<string, number>();
  for (let r = 0; r < rounds; r++) {
    for (const c of contenders) {
      const t0 = process.hrtime.bigint();
      const n = c.run();
      const dt = Number(process.hrtime.bigint() - t0) / 1e9;
      (times.get(c.name) ?? times.set(c.name, []).get(c.name)!).push(dt);
      ops.set(c.name, n);
    }
  }
  return contenders.map((c) => {
    const s = median(times.get(c.name)!);
    const n = ops.get(c.name)!;
    return { name: c.name, seconds: s, ops: n, opsPerSec: n / s };
  });
}

const fmt = (n: number): string =>
  n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)}k` : n.toFixed(1);

/** Prints one line per measurement, with its ratio to the named baseline. */
export function report(title: string, ms: Measurement[], unit = 'ops/s'): void {
  console.log(`\n## ${title}`);
  const width = Math.max(...ms.map((m) => m.name.length));
  for (const m of ms) {
    const ratios = ms
      .filter((o) => o !== m)
      .map((o) => `${(m.opsPerSec / o.opsPerSec).toFixed(2)}x ${o.name}`)
      .join(', ');
    console.log(
      `${m.name.padEnd(width)}  ${fmt(m.opsPerSec).padStart(8)} ${unit}  (median ${m.seconds.toFixed(3)} s for ${fmt(m.ops)})  ${ratios}`,
    );
  }
}

/** Prints a single figure line. */
export function figure(name: string, value: string): void {
  console.log(`${name}: ${value}`);
}

/** Peak resident set size of this process so far, in MB. */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}
