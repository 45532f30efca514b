import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { AS_OF, SAMPLE_NOW, cli, tempDir } from './cli-harness.ts';

const tmp = tempDir();
const ws = tmp.path('ws.sqlite');
let example: string;

beforeAll(async () => {
  const r = await cli(
    'init',
    ws,
    '--sample',
    'retail',
    '--individuals',
    '1500',
    '--items',
    '300',
    '--seed',
    '3',
    '--now',
    SAMPLE_NOW,
    '--json',
  );
  expect(r.code).toBe(0);
  example = (r.json() as { exampleIndividualIds: string[] }).exampleIndividualIds[0]!;
});
afterAll(() => tmp.remove());

describe('workbench init', () => {
  it('prints a summary with counts and example ids', async () => {
    const r = await cli(
      'init',
      tmp.path('other.sqlite'),
      '--sample',
      'retail',
      '--individuals',
      '200',
      '--items',
      '50',
      '--now',
      SAMPLE_NOW,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/200 individuals, 50 items, [\d,]+ events/);
    expect(r.stdout).toMatch(/example individuals: ind_\d+/);
    expect(r.stdout).toMatch(
      /personalization points: home_page_recs, email_product_recs, loyalty_email_recs, onboarding_banner/,
    );
  });

  it('refuses to overwrite a workspace without --force (exit 2)', async () => {
    const r = await cli('init', ws, '--sample', 'retail');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/already exists; use --force/);
  });

  it.each([
    [['--individuals', 'many'], /--individuals must be a whole number/],
    [['--sample', 'fashion'], /--sample "fashion" is not a sample/],
    [['--now', 'tomorrow'], /--now "tomorrow" is not an ISO-8601 time/],
  ])('refuses bad options %j with exit 2 and creates nothing', async (args, message) => {
    const file = tmp.path(`bad-${args[0]!.slice(2)}.sqlite`);
    const r = await cli('init', file, '--sample', 'retail', ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(existsSync(file)).toBe(false);
  });
});

describe('workbench decide', () => {
  it('prints two personalizations in the documented shape and a trace explaining both', async () => {
    const r = await cli(
      'decide',
      ws,
      '--individual',
      example,
      '--point',
      'home_page_recs,onboarding_banner',
      '--as-of',
      AS_OF,
      '--trace',
      '--json',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = r.json() as {
      personalizations: {
        personalizationPointId: string;
        personalizationId: string;
        contentId: string;
        data: Record<string, unknown>;
      }[];
      trace: {
        points: {
          personalizationPointId: string;
          decisions: unknown[];
          personalizing?: { recommender?: { candidates: unknown[] } };
        }[];
        stages: { stage: string }[];
        credits: number;
      };
    };
    expect(Object.keys(doc)).toEqual(['personalizations', 'trace']);
    expect(doc.personalizations.map((p) => p.personalizationPointId)).toEqual(['home_page_recs', 'onboarding_banner']);
    for (const p of doc.personalizations)
      expect(Object.keys(p)).toEqual(['personalizationPointId', 'personalizationId', 'contentId', 'data']);
    const recs = doc.personalizations[0]!.data['recommendations'] as Record<string, unknown>[];
    expect(recs.length).toBeGreaterThan(0);
    expect(Object.keys(recs[0]!)).toEqual(['itemId', 'name', 'imageUrl', 'price', 'url']);
    expect(doc.personalizations[1]!.data['headline']).toEqual(expect.any(String));
    expect(doc.trace.stages.map((s) => s.stage)).toEqual([
      'request',
      'augmenting',
      'qualifying',
      'personalizing',
      'response',
    ]);
    expect(doc.trace.points.map((p) => p.personalizationPointId)).toEqual(['home_page_recs', 'onboarding_banner']);
    expect(doc.trace.points[0]!.personalizing!.recommender!.candidates.length).toBeGreaterThan(0);
    expect(doc.trace.credits).toBe(2);
  });

  it('prints a readable trace without --json', async () => {
    const r = await cli(
      'decide',
      ws,
      '--individual',
      example,
      '--point',
      'onboarding_banner',
      '--as-of',
      AS_OF,
      '--trace',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Point onboarding_banner: (decision|fallback)/);
    expect(r.stdout).toMatch(/experiment onboarding_banner_copy: hash 0\.\d{4}/);
    expect(r.stdout).toMatch(/1 decision credit\(s\)/);
  });

  it('gives an unknown individual a clear error code and exit 2, not a crash', async () => {
    const r = await cli('decide', ws, '--individual', 'ind_999999', '--point', 'home_page_recs', '--json');
    expect(r.code).toBe(2);
    expect(r.json()).toEqual({
      error: { code: 'IndividualNotFound', message: expect.stringMatching(/ind_999999/), path: '$.individualId' },
    });
    const human = await cli('decide', ws, '--individual', 'ind_999999', '--point', 'home_page_recs');
    expect(human.stderr).toMatch(
      /^workbench: IndividualNotFound: individual "ind_999999" is not in profile data graph/,
    );
  });

  it.each([
    [['--point', 'nope'], 'PersonalizationPointNotFound'],
    [['--point', 'home_page_recs', '--as-of', '28/11/2026'], 'InvalidRequest'],
    [['--point', 'home_page_recs', '--data-space', 'other'], 'DataSpaceNotFound'],
    [['--point', 'home_page_recs', '--context', '[1,2]'], 'InvalidInput'],
  ])('refuses %j with exit 2 and code %s', async (args, code) => {
    const r = await cli('decide', ws, '--individual', example, ...args, '--json');
    expect(r.code).toBe(2);
    expect((r.json() as { error: { code: string } }).error.code).toBe(code);
  });

  it('refuses malformed --context JSON with exit 2', async () => {
    const r = await cli(
      'decide',
      ws,
      '--individual',
      example,
      '--point',
      'home_page_recs',
      '--context',
      '{"category":',
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--context is not valid JSON/);
  });

  it('uses the context: category filter and anchor exclusion', async () => {
    const base = await cli(
      'decide',
      ws,
      '--individual',
      example,
      '--point',
      'home_page_recs',
      '--as-of',
      AS_OF,
      '--json',
    );
    const first = (base.json() as { personalizations: { data: { recommendations: { itemId: string }[] } }[] })
      .personalizations[0]!.data.recommendations[0]!.itemId;
    const r = await cli(
      'decide',
      ws,
      '--individual',
      example,
      '--point',
      'home_page_recs',
      '--as-of',
      AS_OF,
      '--context',
      JSON.stringify({ anchorItemId: first }),
      '--json',
      '--trace',
    );
    const doc = r.json() as {
      personalizations: { data: { recommendations: { itemId: string }[] } }[];
      trace: { points: { personalizing: { recommender: { candidates: { itemId: string; excluded?: string }[] } } }[] };
    };
    expect(doc.personalizations[0]!.data.recommendations.map((i) => i.itemId)).not.toContain(first);
    expect(doc.trace.points[0]!.personalizing.recommender.candidates.find((c) => c.itemId === first)?.excluded).toBe(
      'exclusion: the anchor item itself',
    );
  });

  it('is deterministic: the same request twice gives byte-identical output', async () => {
    const args = [
      'decide',
      ws,
      '--individual',
      example,
      '--point',
      'home_page_recs,onboarding_banner',
      '--as-of',
      AS_OF,
      '--json',
    ];
    expect((await cli(...args)).stdout).toBe((await cli(...args)).stdout);
  });
});

describe('workbench usage errors', () => {
  it.each([[['frobnicate']], [['decide', ws]], [['init']]])('%j exits 2 with usage help', async (args) => {
    const r = await cli(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error|unknown/i);
  });

  it('--help exits 0', async () => {
    const r = await cli('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/decide/);
  });

  it('a missing workspace file is a clear error, exit 2', async () => {
    const r = await cli('decide', tmp.path('missing.sqlite'), '--individual', 'x', '--point', 'y');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/WorkspaceNotFound/);
  });
});
