import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { openService } from '../../../engine/service/service.ts';
import { AS_OF, SAMPLE_NOW, cli, tempDir } from './cli-harness.ts';

const tmp = tempDir();
const ws = tmp.path('a.sqlite');
const init = (file: string) =>
  cli(
    'init',
    file,
    '--sample',
    'retail',
    '--individuals',
    '1000',
    '--items',
    '200',
    '--seed',
    '5',
    '--now',
    SAMPLE_NOW,
  );

beforeAll(async () => {
  expect((await init(ws)).code).toBe(0);
});
afterAll(() => tmp.remove());

/** Decisions of every individual for every point, through the service (as the CLI runs them). */
async function allDecisions(file: string): Promise<string[]> {
  const s = openService(file);
  if (!s.ok) throw new Error(s.error.message);
  const out: string[] = [];
  for (let i = 1; i <= 1000; i++) {
    const id = `ind_${String(i).padStart(6, '0')}`;
    const r = await s.data.call('decide', {
      individualId: id,
      points: ['home_page_recs', 'email_product_recs', 'loyalty_email_recs', 'onboarding_banner'],
      asOf: AS_OF,
    });
    if (!r.ok) throw new Error(r.error.message);
    out.push(JSON.stringify(r.data.response));
  }
  s.data.close();
  return out;
}

describe('export-config / import config', () => {
  it('round-trips: a new workspace with the same data graphs gives identical decisions for 1,000 individuals', async () => {
    // Change the config first, so that the import visibly carries it over.
    const exported = await cli('export-config', ws);
    const config = JSON.parse(exported.stdout);
    const banner = config.dataSpaces[0].personalizationPoints.find(
      (p: { apiName: string }) => p.apiName === 'onboarding_banner',
    );
    banner.decisions[0].targetingRule = { within_last: [{ var: 'createdAt' }, 365, 'days'] };
    writeFileSync(tmp.path('changed.json'), JSON.stringify(config));
    expect((await cli('import', ws, 'config', tmp.path('changed.json'))).code).toBe(0);

    const cfgFile = tmp.path('config.json');
    const r = await cli('export-config', ws, cfgFile);
    expect(r.code).toBe(0);
    const b = tmp.path('b.sqlite');
    expect((await init(b)).code).toBe(0);
    const before = await allDecisions(b);
    const imported = await cli('import', b, 'config', cfgFile, '--json');
    expect(imported.code).toBe(0);
    const a = await allDecisions(ws);
    const after = await allDecisions(b);
    expect(after).toEqual(a);
    expect(before).not.toEqual(a);
    // Exporting the imported config gives the same document.
    expect((await cli('export-config', b)).stdout).toBe(readFileSync(cfgFile, 'utf8'));
  });

  it('refuses malformed JSON naming line and column, and changes nothing', async () => {
    const file = tmp.path('broken.json');
    writeFileSync(file, '{\n  "version": 1,\n  "dataSpaces": [\n');
    const before = (await cli('export-config', ws)).stdout;
    const r = await cli('import', ws, 'config', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`${file.replace(/[/.]/g, '\\$&')}:\\d+(:\\d+)?: invalid JSON .*truncated`));
    expect((await cli('export-config', ws)).stdout).toBe(before);
  });

  it('refuses a config with an unknown field in a rule, naming the JSON path, and changes nothing', async () => {
    const config = JSON.parse((await cli('export-config', ws)).stdout);
    config.dataSpaces[0].segments[1].rule = { in: [{ var: 'loyaltyTeir' }, ['Gold']] };
    const file = tmp.path('bad-field.json');
    writeFileSync(file, JSON.stringify(config));
    const r = await cli('import', ws, 'config', file, '--json');
    expect(r.code).toBe(2);
    const err = (r.json() as { error: { code: string; problems: { path: string; message: string; file: string }[] } })
      .error;
    expect(err.code).toBe('InvalidInput');
    expect(err.problems[0]).toMatchObject({
      file,
      path: '$.dataSpaces[0].segments[1].rule.in[0]',
      message: expect.stringMatching(/unknown field "loyaltyTeir"/),
    });
  });

  it('refuses a rule comparing a calculated insight with text: exit 2, the JSON path, nothing changed', async () => {
    const before = (await cli('export-config', ws)).stdout;
    const config = JSON.parse(before);
    config.dataSpaces[0].personalizationPoints[1].decisions[0].targetingRule = {
      and: [{ in_segment: 'Loyalty_Members' }, { '>=': [{ ci: ['lifetime_value', 0] }, ''] }],
    };
    const file = tmp.path('untyped.json');
    writeFileSync(file, JSON.stringify(config));
    const path = '$.dataSpaces[0].personalizationPoints[1].decisions[0].targetingRule.and[1][">="][1]';
    const text = await cli('import', ws, 'config', file);
    expect(text.code).toBe(2);
    expect(text.stderr).toContain(path);
    expect(text.stderr).toContain('calculated insight "lifetime_value" is a number, compared with the empty string ""');
    const r = await cli('import', ws, 'config', file, '--json');
    expect(r.code).toBe(2);
    const err = (r.json() as { error: { code: string; problems: { path: string; message: string }[] } }).error;
    expect(err.code).toBe('InvalidInput');
    expect(err.problems).toEqual([expect.objectContaining({ path, message: expect.stringMatching(/is a number/) })]);
    expect((await cli('export-config', ws)).stdout).toBe(before);
  });

  it('refuses an unknown import kind and a missing file with exit 2', async () => {
    expect((await cli('import', ws, 'customers', 'x.csv')).code).toBe(2);
    const r = await cli('import', ws, 'config', tmp.path('nope.json'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nope\.json: cannot read the file \(ENOENT\)/);
  });
});

describe('import data', () => {
  it('imports profiles with a new column, adds it to the data graph, and lets rules use it', async () => {
    const file = tmp.path('profiles.csv');
    writeFileSync(file, 'id,firstName,vipScore\nind_000001,Zoe,91\nnew_0001,Max,12\n');
    const r = await cli('import', ws, 'profiles', file);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Imported 2 profiles rows .*1 new, 1 updated/);
    expect(r.stdout).toMatch(/vipScore \(number\)/);
    const config = JSON.parse((await cli('export-config', ws)).stdout);
    config.dataSpaces[0].segments[1].rule = { '>': [{ var: 'vipScore' }, 50] };
    writeFileSync(tmp.path('vip.json'), JSON.stringify(config));
    expect((await cli('import', ws, 'config', tmp.path('vip.json'))).code).toBe(0);
    const d = await cli(
      'decide',
      ws,
      '--individual',
      'ind_000001',
      '--point',
      'onboarding_banner',
      '--as-of',
      AS_OF,
      '--json',
      '--trace',
    );
    expect(d.code).toBe(0);
  });

  it('refuses a CSV with bad rows, listing each with file, line and field, and imports nothing', async () => {
    const file = tmp.path('events.csv');
    writeFileSync(
      file,
      [
        'individualId,itemId,type,timestamp,quantity,price',
        'ind_000002,prod_00001,browse,2026-11-01T10:00:00Z,1,10',
        'ind_000002,prod_00001,purchase,2026-11-01T10:00:00Z,1,10',
        'ghost,prod_00001,order,2026-11-01T10:00:00Z,1,10',
        'ind_000002,prod_00001,order,2026-11-01 10:00,1,10',
      ].join('\n') + '\n',
    );
    const before = await cli(
      'decide',
      ws,
      '--individual',
      'ind_000002',
      '--point',
      'home_page_recs',
      '--as-of',
      AS_OF,
      '--json',
      '--trace',
    );
    const r = await cli('import', ws, 'events', file, '--json');
    expect(r.code).toBe(2);
    const err = (
      r.json() as {
        error: { code: string; message: string; problems: { file: string; line: number; field: string }[] };
      }
    ).error;
    expect(err.code).toBe('InvalidInput');
    expect(err.message).toMatch(/nothing was imported/);
    expect(err.problems.map((p) => [p.line, p.field])).toEqual([
      [3, 'type'],
      [4, 'individualId'],
      [5, 'timestamp'],
    ]);
    for (const p of err.problems) expect(p.file).toBe(file);
    const after = await cli(
      'decide',
      ws,
      '--individual',
      'ind_000002',
      '--point',
      'home_page_recs',
      '--as-of',
      AS_OF,
      '--json',
      '--trace',
    );
    // Same decision and trace as before the refused import; stage timings are the one varying part.
    const untimed = (t: string) => t.replace(/"durationMs": [\d.]+/g, '"durationMs": 0');
    expect(untimed(after.stdout)).toBe(untimed(before.stdout));
  });

  it('imports through the import job: progress as JSON lines on stderr with --json, the report on stdout', async () => {
    const file = tmp.path('bulk.csv');
    const lines = ['id,firstName'];
    for (let i = 0; i < 60_000; i++) lines.push(`bulk_${String(i).padStart(5, '0')},Bulk${i}`);
    writeFileSync(file, lines.join('\n') + '\n');
    const r = await cli('import', ws, 'profiles', file, '--json');
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ kind: 'profiles', file, rowsRead: 60_000, inserted: 60_000, updated: 0 });
    const progress = r.stderr
      .trim()
      .split('\n')
      .map(
        (l) => (JSON.parse(l) as { progress: { done: number; total: number; counters?: { rows: number } } }).progress,
      );
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[0]!.counters!.rows).toBeGreaterThanOrEqual(50_000);
    expect(progress[0]!.done).toBeLessThanOrEqual(progress[0]!.total);
  });
});
