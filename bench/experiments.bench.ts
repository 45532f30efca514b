/**
 * Experiment assignment throughput: our compiled assigner against the GrowthBook SDK on the same
 * 1,000,000 unified individual ids and the same experiment (3 variants, uneven weights, 40 % traffic).
 *
 * Fairness: every contender gets the same prebuilt id strings and does one full assignment per id,
 * returning a result object; each result is consumed (a checksum) so no work is optimized away. The
 * SDK runs with NODE_ENV=production (its fastest mode: no dev-only logging or checks), restored
 * afterwards. GrowthBook contenders: `GrowthBookClient.runInlineExperiment(exp, { attributes: { id } })`
 * — the SDK's stateless multi-user path, the closest analogue of a compiled assigner — and the
 * classic single-user `GrowthBook#run` on one instance whose attributes are set per id.
 */
import { GrowthBook, GrowthBookClient } from '@growthbook/growthbook';
import { Experiment } from '../engine/model/experiment.ts';
import { assign, compileExperiment, toGrowthBookExperiment } from '../engine/experiments/index.ts';
import { compare, figure, report } from './harness.ts';

const N = 1_000_000;

export async function run(): Promise<void> {
  const experiment = Experiment.parse({
    key: 'exp_home_hero_2026',
    label: 'Home hero',
    trafficPercent: 40,
    variants: [
      { key: 'control', weight: 20, control: true },
      { key: 'hero_a', weight: 30, decision: 'decision_hero_a' },
      { key: 'hero_b', weight: 50, decision: 'decision_hero_b' },
    ],
  });
  const ids = Array.from({ length: N }, (_, i) => `ind_${String(i + 1).padStart(7, '0')}`);
  // Flatten the strings once so no contender pays for it first.
  for (const id of ids) id.charCodeAt(id.length - 1);

  const gbExperiment = toGrowthBookExperiment(experiment);
  const client = new GrowthBookClient({});
  const single = new GrowthBook({ attributes: {} });
  const assigner = compileExperiment(experiment);

  const previousEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    const sums = new Map<string, number>();
    const ms = compare([
      {
        name: 'ours compileExperiment',
        run: () => {
          let s = 0;
          for (let i = 0; i < N; i++) s += assigner(ids[i]!).variantIndex;
          sums.set('ours compileExperiment', s);
          return N;
        },
      },
      {
        name: 'gb client.runInlineExperiment',
        run: () => {
          let s = 0;
          for (let i = 0; i < N; i++) {
            const r = client.runInlineExperiment(gbExperiment, { attributes: { id: ids[i]! } });
            s += r.inExperiment ? r.variationId : -1;
          }
          sums.set('gb client.runInlineExperiment', s);
          return N;
        },
      },
      {
        name: 'gb GrowthBook#run',
        run: () => {
          let s = 0;
          for (let i = 0; i < N; i++) {
            // No sticky buckets or remote eval, so setAttributes takes effect synchronously.
            void single.setAttributes({ id: ids[i]! });
            const r = single.run(gbExperiment);
            s += r.inExperiment ? r.variationId : -1;
          }
          sums.set('gb GrowthBook#run', s);
          return N;
        },
      },
      {
        name: 'ours assign (uncompiled)',
        run: () => {
          let s = 0;
          for (let i = 0; i < N; i++) s += assign(experiment, ids[i]!).variantIndex;
          sums.set('ours assign (uncompiled)', s);
          return N;
        },
      },
    ]);
    report(`experiment assignment, ${N.toLocaleString('en-US')} ids, 3 variants at 40% traffic`, ms, 'assignments/s');
    const distinct = new Set(sums.values());
    figure(
      'checksum of variant indexes (must agree across contenders)',
      distinct.size === 1 ? `agree (${[...distinct][0]})` : `DISAGREE ${JSON.stringify([...sums])}`,
    );
    const ours = ms.find((m) => m.name === 'ours compileExperiment')!;
    const gb = ms.find((m) => m.name === 'gb client.runInlineExperiment')!;
    figure(
      'goal ours ≥ 2× GrowthBook runInlineExperiment',
      `${(ours.opsPerSec / gb.opsPerSec).toFixed(2)}× — ${ours.opsPerSec >= 2 * gb.opsPerSec ? 'met' : 'NOT met'}`,
    );
  } finally {
    if (previousEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = previousEnv;
  }
}
