import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvaluationReport } from '../../../engine/service/ops/models.ts';
import { fixtureConfig, fixtureEvents } from '../service/models-fixture.ts';
import { cli, tempDir } from './cli-harness.ts';

/**
 * A hand-made workspace, not the sample: an empty workspace filled through `workbench import` with
 * CSV files in the documented columns (items, profiles, events) and a config with an
 * objective-based recommender.
 */
const tmp = tempDir();
const ws = tmp.path('hand.sqlite');
const SPLIT = '2026-11-14T00:00:00Z';

function csv(header: string[], rows: (string | number | boolean | null)[][]): string {
  return (
    [header.join(','), ...rows.map((r) => r.map((v) => (v === null ? '' : String(v))).join(','))].join('\n') + '\n'
  );
}

beforeAll(async () => {
  const events = fixtureEvents({ users: 240, items: 60, seed: 3 });
  writeFileSync(
    tmp.path('items.csv'),
    csv(
      ['id', 'name', 'category', 'price', 'imageUrl', 'url', 'brand', 'inStock', 'createdAt'],
      Array.from({ length: 60 }, (_, n) => [
        `prod_${String(n).padStart(3, '0')}`,
        `Product ${n}`,
        `Category ${n % 5}`,
        10 + n,
        '',
        `/p/${n}`,
        'Acme',
        true,
        '2025-01-01T00:00:00Z',
      ]),
    ),
  );
  writeFileSync(
    tmp.path('profiles.csv'),
    csv(
      ['id', 'firstName'],
      Array.from({ length: 240 }, (_, u) => [`ind_${String(u).padStart(4, '0')}`, `Name${u}`]),
    ),
  );
  writeFileSync(
    tmp.path('events.csv'),
    csv(
      ['individualId', 'itemId', 'type', 'timestamp', 'quantity', 'price'],
      events.map((e) => [e.individualId, e.itemId, e.type, e.timestamp, e.quantity, e.price]),
    ),
  );
  writeFileSync(tmp.path('config.json'), JSON.stringify(fixtureConfig()));
  expect((await cli('init', ws)).code).toBe(0);
  for (const kind of ['items', 'profiles', 'events']) {
    const r = await cli('import', ws, kind, tmp.path(`${kind}.csv`));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  }
  // The config names the profile fields the import added (firstName): import it after the data.
  const r = await cli('import', ws, 'config', tmp.path('config.json'));
  expect(r.stderr + r.stdout).toMatch(/Imported configuration/);
});
afterAll(() => tmp.remove());

describe('workbench evaluate on an imported events file', () => {
  it('prints the methods side by side in a table', async () => {
    const r = await cli('evaluate', ws, '--recommender', 'picks', '--split-at', SPLIT);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^Offline evaluation of picks \(objective purchase\) in data space default, split at 2026-11-14T00:00:00.000Z, k = 10$/m,
    );
    expect(r.stdout).toMatch(/training: events from 2026-08-16T00:00:00.000Z to the split \(90 days\)/);
    expect(r.stdout).toMatch(
      /targets: order events after the split: \d+ \(individual, item\) targets of \d+ individuals/,
    );
    expect(r.stdout).toMatch(/method\s+hit-rate@10\s+recall@10\s+NDCG@10\s+coverage\s+train s\s+score s/);
    for (const label of ['objective-based \\(iALS\\)', 'popularity baseline', 'item-kNN baseline'])
      expect(r.stdout).toMatch(new RegExp(`^  ${label}\\s+0\\.\\d{4}\\s+0\\.\\d{4}\\s+0\\.\\d{4}\\s+\\d+\\.\\d%`, 'm'));
  });

  it('prints one JSON document with --json, with the chosen k, methods and test period', async () => {
    const r = await cli(
      'evaluate',
      ws,
      '--recommender',
      'picks',
      '--split-at',
      SPLIT,
      '--k',
      '5',
      '--test-days',
      '7',
      '--methods',
      'popularity,ials,bpr',
      '--json',
    );
    expect(r.code).toBe(0);
    const report = r.json() as EvaluationReport;
    expect(report).toMatchObject({
      recommender: 'picks',
      objective: 'purchase',
      targetEvent: 'order',
      k: 5,
      splitAt: '2026-11-14T00:00:00.000Z',
      testPeriod: { from: '2026-11-14T00:00:00.000Z', to: '2026-11-21T00:00:00.000Z' },
      items: 60,
    });
    expect(report.methods.map((m) => m.method)).toEqual(['popularity', 'ials', 'bpr']);
    expect(report.evaluated).toBeGreaterThan(20);
    for (const m of report.methods) {
      expect(m.metrics.individuals).toBe(report.evaluated);
      expect(m.metrics.hitRate).toBeGreaterThanOrEqual(m.metrics.recall);
    }
    // stdout is the document only; progress (if any) went to stderr as JSON lines.
    for (const line of r.stderr.split('\n').filter(Boolean)) expect(JSON.parse(line)).toHaveProperty('progress');
  });

  it("gives the same figures run after run (deterministic for the recommender's seed)", async () => {
    const a = (
      await cli('evaluate', ws, '--recommender', 'picks', '--split-at', SPLIT, '--json')
    ).json() as EvaluationReport;
    const b = (
      await cli('evaluate', ws, '--recommender', 'picks', '--split-at', SPLIT, '--json')
    ).json() as EvaluationReport;
    expect(b.methods.map((m) => m.metrics)).toEqual(a.methods.map((m) => m.metrics));
  });

  it('says so when the split leaves no targets (a split after the last event)', async () => {
    const r = await cli('evaluate', ws, '--recommender', 'picks', '--split-at', '2026-12-31T00:00:00Z');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /no individual has order events after the split on items they had none for before it: nothing to evaluate/,
    );
  });

  it.each([
    [['--split-at', 'next week'], /InvalidInput: splitAt "next week" is not an ISO-8601 time/],
    [['--split-at', SPLIT, '--k', 'ten'], /InvalidInput: --k must be a whole number \(got "ten"\)/],
    [['--split-at', SPLIT, '--k', '0'], /InvalidRequest: models.evaluate: \$\.k/],
    [
      ['--split-at', SPLIT, '--methods', 'ials,magic'],
      /InvalidInput: --methods: unknown method "magic"; known: ials, bpr, popularity, item-knn/,
    ],
    [['--split-at', SPLIT, '--test-days', '-3'], /InvalidRequest: models.evaluate: \$\.testDays/],
  ])('exits 2 on bad input %j, naming the option', async (args, message) => {
    const r = await cli('evaluate', ws, '--recommender', 'picks', ...args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  it('exits 2 for an unknown or rules-based recommender, and for a missing workspace', async () => {
    const unknown = await cli('evaluate', ws, '--recommender', 'pics', '--split-at', SPLIT);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/NotFound: data space default has no recommender "pics" \(did you mean "picks"\?\)/);
    const rules = await cli('evaluate', ws, '--recommender', 'top', '--split-at', SPLIT, '--json');
    expect(rules.code).toBe(2);
    expect(rules.json()).toMatchObject({ error: { code: 'InvalidInput', field: 'recommender' } });
    const missing = await cli('evaluate', tmp.path('nope.sqlite'), '--recommender', 'picks', '--split-at', SPLIT);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/WorkspaceNotFound/);
  });
});

describe('workbench train and decide on the same workspace', () => {
  it('faults decisions of an untrained recommender (ModelValidation, exit 1), then serves them once trained', async () => {
    const before = await cli(
      'decide',
      ws,
      '--individual',
      'ind_0007',
      '--point',
      'picks_point',
      '--as-of',
      '2026-11-28T10:00:00Z',
      '--json',
    );
    expect(before.code).toBe(1);
    expect(before.json()).toMatchObject({
      personalizations: [],
      errors: [
        {
          personalizationPointId: 'picks_point',
          code: 'ModelValidation',
          message: expect.stringMatching(/recommender picks has never been trained \(as of 2026-11-28T10:00:00.000Z\)/),
        },
      ],
    });

    const trained = await cli('train', ws, '--recommender', 'picks', '--as-of', '2026-11-28T10:00:00Z');
    expect(trained.code).toBe(0);
    expect(trained.stdout).toMatch(/^Trained picks as of 2026-11-28T00:00:00.000Z$/m);
    expect(trained.stdout).toMatch(
      /model \d+: ials, objective purchase, trained at 2026-11-28T00:00:00.000Z on the 90 days before it \(seed 1\)/,
    );
    expect(trained.stdout).toMatch(/approximate index: none/);
    const kept = await cli('train', ws, '--recommender', 'picks', '--as-of', '2026-11-28T23:59:59Z', '--json');
    expect(kept.code).toBe(0);
    expect(kept.json()).toMatchObject({ trained: false, model: { trainedAt: '2026-11-28T00:00:00.000Z' } });

    const after = await cli(
      'decide',
      ws,
      '--individual',
      'ind_0007',
      '--point',
      'picks_point',
      '--as-of',
      '2026-11-28T10:00:00Z',
      '--trace',
      '--json',
    );
    expect(after.code).toBe(0);
    const doc = after.json() as {
      personalizations: unknown[];
      trace: { points: { personalizing: { recommender: { trainedAt: string; candidates: { score: number }[] } } }[] };
    };
    expect(doc.personalizations).toHaveLength(1);
    const rec = doc.trace.points[0]!.personalizing.recommender;
    expect(rec.trainedAt).toBe('2026-11-28T00:00:00.000Z');
    expect(rec.candidates.every((c) => typeof c.score === 'number')).toBe(true);
  });

  it('exits 2 for train with a bad --as-of or an unknown recommender', async () => {
    expect((await cli('train', ws, '--recommender', 'picks', '--as-of', 'soon')).code).toBe(2);
    const r = await cli('train', ws, '--recommender', 'nope');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/has no recommender "nope"/);
  });
});
