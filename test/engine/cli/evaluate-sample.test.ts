import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvaluationReport } from '../../../engine/service/ops/models.ts';
import { SAMPLE_NOW, cli, tempDir } from './cli-harness.ts';

const tmp = tempDir();
const ws = tmp.path('sample.sqlite');

beforeAll(async () => {
  const r = await cli(
    'init',
    ws,
    '--sample',
    'retail',
    '--individuals',
    '2000',
    '--items',
    '400',
    '--seed',
    '4',
    '--now',
    SAMPLE_NOW,
  );
  expect(r.code).toBe(0);
});
afterAll(() => tmp.remove());

describe('the sample workspace', () => {
  it("comes with its objective-based recommender trained at the sample's end", async () => {
    const r = await cli(
      'decide',
      ws,
      '--individual',
      'ind_000002',
      '--point',
      'email_product_recs',
      '--as-of',
      '2026-11-28T09:00:00Z',
      '--trace',
      '--json',
    );
    const doc = r.json() as {
      errors?: unknown;
      trace: {
        points: { decisionId: string; personalizing: { recommender: { apiName: string; trainedAt: string } } }[];
      };
    };
    expect(doc.errors).toBeUndefined();
    expect(doc.trace.points[0]).toMatchObject({
      decisionId: 'email_recommended_for_you',
      personalizing: { recommender: { apiName: 'recommended_for_you', trainedAt: '2026-11-28T00:00:00.000Z' } },
    });
  });

  it('evaluate prints the table, and the objective-based model beats the popularity baseline on hit-rate@10', async () => {
    const text = await cli(
      'evaluate',
      ws,
      '--recommender',
      'recommended_for_you',
      '--split-at',
      '2026-11-14T00:00:00Z',
    );
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/method\s+hit-rate@10\s+recall@10\s+NDCG@10\s+coverage/);
    expect(text.stdout).toMatch(/the objective-based model's hit-rate@10 is \d+\.\d\d× the popularity baseline's/);
    const r = (
      await cli('evaluate', ws, '--recommender', 'recommended_for_you', '--split-at', '2026-11-14T00:00:00Z', '--json')
    ).json() as EvaluationReport;
    const hit = (m: string) => r.methods.find((x) => x.method === m)!.metrics.hitRate;
    expect(r.evaluated).toBeGreaterThan(100);
    expect(hit('ials')).toBeGreaterThan(hit('popularity'));
  });
});
