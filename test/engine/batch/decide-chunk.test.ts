import { describe, expect, it } from 'vitest';
import { decideChunk, requestIdOf, type ChunkEnv, type ChunkResult } from '../../../engine/batch/decide-chunk.ts';
import { unpackLog } from '../../../engine/store/decision-log.ts';
import { unpackOutput } from '../../../engine/store/outputs.ts';
import { csvHeader, csvLine, encodeLines, jsonlLine } from '../../../engine/batch/output-encoding.ts';
import type { DataSpaceConfigInput, ProfileData, ProfileDocument } from '../../../engine/model/index.ts';
import type { DecideEnv } from '../../../engine/pipeline/decide-types.ts';
import { AS_OF, env, item, profile, spaceConfig } from '../pipeline/factories.ts';

const ITEMS = [item('p1'), item('p2'), item('p3'), item('p4')];
const TOP = [
  { itemId: 'p1', score: 9 },
  { itemId: 'p2', score: 8 },
  { itemId: 'p3', score: 7 },
  { itemId: 'p4', score: 6 },
];

/** A chunk environment over in-memory profiles (the documents are passed to decideChunk). */
function chunkEnv(
  encoding: ChunkEnv['encoding'],
  over: { config?: DataSpaceConfigInput; items?: typeof ITEMS; decide?: Partial<DecideEnv> } = {},
): ChunkEnv {
  const e = env([], over.items ?? ITEMS, TOP, over.config);
  return {
    decide: { dataSpace: e.dataSpace, space: e.space, catalog: e.catalog, strategies: e.strategies, ...over.decide },
    runId: 7,
    points: ['banner', 'recs'],
    asOf: AS_OF,
    encoding,
  };
}

const docs = (...profiles: ProfileData[]) =>
  new Map([
    [
      'Profile',
      new Map<string, ProfileDocument>(
        profiles.map((p) => [p.id, { individualId: p.id, refreshedAt: AS_OF, data: p }]),
      ),
    ],
  ]);

/** A chunk result with its packed log and rows read back as objects. */
const readable = (r: ChunkResult) => ({
  ...r,
  log: unpackLog(r.log),
  entries: r.rows ? unpackOutput(r.rows) : undefined,
});

const PEOPLE = [
  profile('a1', { firstName: 'Ann', loyaltyTier: 'Gold' }),
  profile('a2', { firstName: 'Bob' }),
  profile('a3', {}),
];

describe('decideChunk', () => {
  it('decides each individual for every point, in order, with counts, log entries and output rows', () => {
    const r = readable(decideChunk(chunkEnv('rows'), 4, ['a1', 'a2', 'a3'], docs(...PEOPLE)));
    expect(r).toMatchObject({ index: 4, firstId: 'a1', lastId: 'a3' });
    expect(r.log.map((e) => `${e.individualId}/${e.point}/${e.outcome}/${e.decision}`)).toEqual([
      'a1/banner/decision/gold',
      'a1/recs/decision/top3',
      'a2/banner/decision/named',
      'a2/recs/decision/top3',
      'a3/banner/fallback/generic',
      'a3/recs/decision/top3',
    ]);
    expect(r.counts).toEqual({
      individuals: 3,
      requests: 6,
      decisions: 5,
      fallbacks: 1,
      nones: 0,
      errors: 0,
      credits: 6,
      errorsByCode: {},
      caps: {},
    });
    expect(r.log[1]).toMatchObject({
      itemIds: ['p1', 'p2', 'p3'],
      credits: 1,
      requestId: requestIdOf('a1', ['banner', 'recs'], AS_OF),
      experiment: null,
      inPool: null,
    });
    expect(r.entries![0]).toEqual({
      individualId: 'a1',
      point: 'banner',
      personalizationId: r.log[0]!.personalizationId,
      contentId: 'gold',
      payload: '{"headline":"Hi Ann, gold!"}',
      status: 'ok',
      errorCode: null,
      errorMessage: null,
    });
    expect(r.lines).toBeUndefined();
  });

  it('writes the same rows as JSONL or CSV text', () => {
    const rows = unpackOutput(decideChunk(chunkEnv('rows'), 0, ['a1', 'a2'], docs(...PEOPLE)).rows!);
    expect(decideChunk(chunkEnv('jsonl'), 0, ['a1', 'a2'], docs(...PEOPLE)).lines!.join('')).toBe(
      rows.map((e) => jsonlLine(7, e)).join(''),
    );
    expect(decideChunk(chunkEnv('csv'), 0, ['a1', 'a2'], docs(...PEOPLE)).lines!.join('')).toBe(
      rows.map((e) => csvLine(7, e)).join(''),
    );
    const line = JSON.parse(jsonlLine(7, rows[1]!)) as Record<string, unknown>;
    expect(line).toMatchObject({
      runId: 7,
      individualId: 'a1',
      point: 'recs',
      status: 'ok',
      payload: { recommendations: [{ itemId: 'p1', name: 'Item p1', price: 50 }, { itemId: 'p2' }, { itemId: 'p3' }] },
    });
    expect(csvHeader()).toBe(
      'run_id,individual_id,point,status,personalization_id,content_id,error_code,error_message,payload\n',
    );
    expect(csvLine(7, { ...rows[0]!, errorMessage: 'a "quoted", message\nwith a newline' })).toContain(
      '"a ""quoted"", message\nwith a newline"',
    );
  });

  it('an individual without a document is an IndividualNotFound record on each point; the chunk goes on', () => {
    const r = readable(decideChunk(chunkEnv('rows'), 0, ['a1', 'ghost', 'a2'], docs(...PEOPLE)));
    expect(r.log.filter((e) => e.individualId === 'ghost')).toEqual([
      expect.objectContaining({
        point: 'banner',
        outcome: 'error',
        reason: 'Fault',
        errorCode: 'IndividualNotFound',
        credits: 0,
        decision: null,
      }),
      expect.objectContaining({
        point: 'recs',
        outcome: 'error',
        errorCode: 'IndividualNotFound',
        errorMessage: expect.stringMatching(/"ghost" is not in profile data graph Profile/),
      }),
    ]);
    expect(r.entries!.filter((e) => e.individualId === 'ghost').map((e) => [e.status, e.errorCode, e.payload])).toEqual(
      [
        ['error', 'IndividualNotFound', null],
        ['error', 'IndividualNotFound', null],
      ],
    );
    expect(r.counts).toMatchObject({
      individuals: 3,
      requests: 6,
      errors: 2,
      credits: 4,
      errorsByCode: { IndividualNotFound: 2 },
    });
  });

  it('a misconfigured point (its recommender is not configured) is a ConfigurationMissing record; other points are decided', () => {
    // Skipping config validation on purpose: the compiled space names a recommender that does not exist.
    const config = spaceConfig({ recommenders: [] });
    const r = readable(decideChunk(chunkEnv('rows', { config }), 0, ['a1', 'a2'], docs(...PEOPLE)));
    expect(r.log.map((e) => [e.point, e.outcome, e.errorCode])).toEqual([
      ['banner', 'decision', null],
      ['recs', 'error', 'ConfigurationMissing'],
      ['banner', 'decision', null],
      ['recs', 'error', 'ConfigurationMissing'],
    ]);
    expect(r.log[1]!.errorMessage).toBe('recommender "top" is not configured');
    expect(r.counts.errorsByCode).toEqual({ ConfigurationMissing: 2 });
  });

  it('a targeting rule that fails at run time for one individual is a RuleEvaluationError record for that one', () => {
    const config = spaceConfig();
    const banner = config.personalizationPoints!.find((p) => p.apiName === 'banner')!;
    // missing_some with a null list throws in json-logic-js and here, for individuals without a tier.
    banner.decisions![0]!.targetingRule = { missing_some: [1, { var: 'loyaltyTier' }] };
    const r = readable(
      decideChunk(
        chunkEnv('rows', { config }),
        0,
        ['a1', 'a3'],
        docs(PEOPLE[0]!, profile('a3', { loyaltyTier: null })),
      ),
    );
    expect(r.log.map((e) => [e.individualId, e.point, e.outcome, e.errorCode])).toEqual([
      ['a1', 'banner', 'decision', null],
      ['a1', 'recs', 'decision', null],
      ['a3', 'banner', 'error', 'RuleEvaluationError'],
      ['a3', 'recs', 'decision', null],
    ]);
    expect(r.log[2]!.errorMessage).toMatch(/targeting rule of decision gold failed/);
  });

  it('a targeting rule over its step budget for one individual is a RuleEvaluationError record; the others go on', () => {
    const config = spaceConfig();
    const banner = config.personalizationPoints!.find((p) => p.apiName === 'banner')!;
    // Three nested iterations over profile arrays: 10^6 steps estimated, 8·10^9 for a3's arrays.
    const leaf = { '==': [{ var: '' }, -1] };
    banner.decisions![0]!.targetingRule = {
      or: [
        { '==': [{ var: 'loyaltyTier' }, 'Gold'] },
        { some: [{ var: 'tags' }, { some: [{ var: 'tags' }, { some: [{ var: 'tags' }, leaf] }] }] },
      ],
    };
    const leaves = Array.from({ length: 2000 }, (_, i) => i);
    const middle = Array.from({ length: 2000 }, () => ({ tags: leaves }));
    const many = Array.from({ length: 2000 }, () => ({ tags: middle }));
    const big = profile('a3', { loyaltyTier: null, tags: many } as never);
    const r = readable(decideChunk(chunkEnv('rows', { config }), 0, ['a1', 'a3'], docs(PEOPLE[0]!, big)));
    expect(r.log.map((e) => [e.individualId, e.point, e.outcome, e.errorCode])).toEqual([
      ['a1', 'banner', 'decision', null],
      ['a1', 'recs', 'decision', null],
      ['a3', 'banner', 'error', 'RuleEvaluationError'],
      ['a3', 'recs', 'decision', null],
    ]);
    expect(r.log[2]!.errorMessage).toMatch(
      /more than 10,000,000 evaluation steps for this individual \(the per-evaluation budget, docs\/rules.md "Budgets"\) at \$\.or\[1\]/,
    );
  });

  it('an empty item data graph is an ItemDataMissing record on the recommendations point', () => {
    const r = readable(decideChunk(chunkEnv('rows', { items: [] }), 0, ['a1'], docs(...PEOPLE)));
    expect(r.log.map((e) => [e.point, e.outcome, e.errorCode])).toEqual([
      ['banner', 'decision', null],
      ['recs', 'error', 'ItemDataMissing'],
    ]);
    expect(r.log[1]!.errorMessage).toBe('the item data graph of point recs holds no items');
  });

  it('an objective-based recommender without a trained model is a ModelValidation record', () => {
    const config = spaceConfig({
      recommenders: [
        { apiName: 'top', label: 'Learned', type: 'objective-based', itemDataGraph: 'Products', objective: 'purchase' },
      ],
    });
    const r = readable(decideChunk(chunkEnv('rows', { config }), 0, ['a1', 'a2'], docs(...PEOPLE)));
    expect(r.log.filter((e) => e.point === 'recs').map((e) => e.errorCode)).toEqual([
      'ModelValidation',
      'ModelValidation',
    ]);
    expect(r.log.filter((e) => e.point === 'banner').map((e) => e.outcome)).toEqual(['decision', 'decision']);
  });

  it('an exception of the pipeline for one individual is an Internal record on each point; the others are decided', () => {
    // A document store that fails while reading one individual (the augmenting stage throws).
    const inner = docs(...PEOPLE).get('Profile')!;
    const failing = {
      get: (id: string) =>
        id === 'a2'
          ? ((): never => {
              throw new Error('page checksum mismatch');
            })()
          : inner.get(id),
    } as ReadonlyMap<string, ProfileDocument>;
    const exploding = new Map([['Profile', failing]]);
    const r = readable(decideChunk(chunkEnv('rows'), 0, ['a1', 'a2', 'a3'], exploding));
    expect(r.log.map((e) => [e.individualId, e.outcome, e.errorCode])).toEqual([
      ['a1', 'decision', null],
      ['a1', 'decision', null],
      ['a2', 'error', 'Internal'],
      ['a2', 'error', 'Internal'],
      ['a3', 'fallback', null],
      ['a3', 'decision', null],
    ]);
    expect(r.log[2]!.errorMessage).toBe('decision pipeline failed: page checksum mismatch');
  });
});

describe('encodeLines', () => {
  it('is the UTF-8 of the joined lines, ASCII or not, in a buffer of its own', () => {
    for (const lines of [
      [],
      ['a\n'],
      ['{"name":"Café ☕ 😀"}\n', 'plain\n'],
      ['é'.repeat(200) + '\n', 'x\n'],
      Array.from({ length: 50 }, (_, i) => `${'😀'.repeat(i)}${i}\n`),
    ]) {
      const bytes = encodeLines(lines);
      expect(Buffer.from(bytes).toString('utf8')).toBe(lines.join(''));
      expect(bytes.byteOffset).toBe(0);
      expect(bytes.buffer.byteLength).toBe(bytes.length);
    }
  });
});
