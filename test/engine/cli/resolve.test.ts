import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { unifiedIdOf } from '../../../engine/identity/index.ts';
import { generateRetailSample } from '../../../engine/sample/index.ts';
import { sampleSourceRecords, sourceRecordFileRow } from '../../../engine/sample/source-records.ts';
import type { IdentityReport } from '../../../engine/batch/identity-resolution.ts';
import { openService } from '../../../engine/service/service.ts';
import { AS_OF, SAMPLE_NOW, cli, tempDir } from './cli-harness.ts';

const tmp = tempDir();
const ws = tmp.path('ws.sqlite');
const INDIVIDUALS = 300;
const SEED = 5;
const sample = generateRetailSample({ individuals: INDIVIDUALS, items: 200, seed: SEED, now: SAMPLE_NOW });
const raw = [...sampleSourceRecords({ individuals: sample.individuals(), seed: SEED, now: SAMPLE_NOW })];

beforeAll(async () => {
  expect(
    (
      await cli(
        'init',
        ws,
        '--sample',
        'retail',
        '--individuals',
        String(INDIVIDUALS),
        '--items',
        '200',
        '--seed',
        String(SEED),
        '--now',
        SAMPLE_NOW,
      )
    ).code,
  ).toBe(0);
  writeFileSync(
    tmp.path('records.jsonl'),
    raw.map((r) => JSON.stringify(sourceRecordFileRow(r.record))).join('\n') + '\n',
  );
});
afterAll(() => tmp.remove());

describe('workbench resolve / identity', () => {
  it('imports the sample source records, resolves them, and reports; no unified individual mixes two people', async () => {
    const imported = await cli('import', ws, 'source-records', tmp.path('records.jsonl'), '--json');
    expect(imported.code).toBe(0);
    expect(imported.json()).toMatchObject({ kind: 'source-records', rowsRead: raw.length, inserted: raw.length });

    const r = await cli('resolve', ws, '--json');
    expect(r.code).toBe(0);
    const report = r.json() as IdentityReport;
    expect(report.records).toBe(raw.length);
    expect(report.individuals).toBeLessThan(raw.length);
    expect(report.consolidationRate).toBeCloseTo(1 - report.individuals / raw.length, 4);
    expect(report.matchRules.map((m) => m.name)).toEqual(['email_exact', 'phone_exact']);
    expect(report.matchRules.every((m) => m.links > 0)).toBe(true);

    // Ground truth: every record's cluster holds records of one person only.
    const truth = new Map(raw.map((x) => [`${x.record.source}:${x.record.sourceId}`, x.individualId]));
    const people = new Map<string, Set<string>>();
    for (const [ref, unifiedId] of await openIds())
      (people.get(unifiedId) ?? people.set(unifiedId, new Set()).get(unifiedId)!).add(truth.get(ref)!);
    expect(people.size).toBe(report.individuals);
    expect([...people.values()].filter((s) => s.size > 1)).toEqual([]);
  });

  it('prints the report as text, and again with `identity`; `identity --individual` shows records and provenance', async () => {
    const r = await cli('resolve', ws);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Identity resolution \d+ of data space default, .* \(default ruleset\)$/m);
    expect(r.stdout).toMatch(/source records in +[\d,]+ +loyalty [\d,]+, pos [\d,]+, web [\d,]+/);
    expect(r.stdout).toMatch(/consolidation rate +\d+\.\d%/);
    expect(r.stdout).toMatch(/1\. email_exact +[\d,]+ +[\d,]+/);
    expect(r.stdout).toMatch(/changes: 0 new, 0 updated, [\d,]+ unchanged, 0 retired/);
    expect(r.stderr).toBe('');
    const again = await cli('identity', ws);
    expect(again.code).toBe(0);
    expect(again.stdout.split('\n').slice(1)).toEqual(r.stdout.split('\n').slice(1));

    const big = (JSON.parse((await cli('identity', ws, '--json')).stdout) as { report: IdentityReport }).report
      .largestClusters[0]!;
    const one = await cli('identity', ws, '--individual', big.unifiedId);
    expect(one.code).toBe(0);
    expect(one.stdout).toContain(`Unified individual ${big.unifiedId}: ${big.size} source records`);
    expect(one.stdout).toMatch(/linked by (email|phone)_exact with \w+:/);
    expect(one.stdout).toMatch(/email +".*" ← \w+:/);
  });

  it('maps events keyed by source ids; decides for a unified individual', async () => {
    const first = raw[0]!.record;
    const unified = (JSON.parse((await cli('identity', ws, '--json')).stdout) as { report: IdentityReport }).report;
    expect(unified.records).toBe(raw.length);
    const item = sample.items[0]!.id;
    writeFileSync(
      tmp.path('events.csv'),
      `individualId,itemId,type,timestamp\n${first.source}:${first.sourceId},${item},browse,2026-11-27T10:00:00Z\n`,
    );
    const ev = await cli('import', ws, 'events', tmp.path('events.csv'), '--json');
    expect(ev.code).toBe(0);
    const ids = (await openIds()).get(`${first.source}:${first.sourceId}`)!;
    const s = openService(ws);
    if (!s.ok) throw new Error(s.error.message);
    const profile = await s.data.call('individuals.profile', { individualId: ids, asOf: AS_OF });
    s.data.close();
    expect(profile.ok && profile.data.data.engagement.browse.map((e) => [e.itemId, e.timestamp])).toEqual([
      [item, '2026-11-27T10:00:00.000Z'],
    ]);
    const doc = await cli(
      'decide',
      ws,
      '--individual',
      ids,
      '--point',
      'onboarding_banner',
      '--as-of',
      AS_OF,
      '--json',
    );
    expect(doc.code).toBe(0);
    expect(JSON.parse(doc.stdout)).toHaveProperty('personalizations');
  });

  it('exits 2 with located messages on bad input', async () => {
    writeFileSync(tmp.path('bad.csv'), 'sourceId,source,email\n1,web,a@x.com\n1,web,b@x.com\n2,pos store,\n');
    const bad = await cli('import', ws, 'source-records', tmp.path('bad.csv'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      `${tmp.path('bad.csv')}:3 field "sourceId": sourceId: "web:1" appears more than once in the file; first on line 2`,
    );
    expect(bad.stderr).toContain(`${tmp.path('bad.csv')}:4 field "source": source: "pos store" is not a source name`);

    expect((await cli('resolve', ws, '--data-space', 'nope')).code).toBe(2);
    const unknown = await cli('identity', ws, '--individual', 'ui_0000', '--json');
    expect(unknown.code).toBe(2);
    expect(JSON.parse(unknown.stdout).error).toMatchObject({ code: 'NotFound', field: 'unifiedId' });

    const empty = tmp.path('empty.sqlite');
    expect((await cli('init', empty)).code).toBe(0);
    const none = await cli('resolve', empty);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/InvalidRequest: data space default has no source records; import some first/);
    expect((await cli('identity', empty)).stdout).toMatch(
      /^No identity resolution yet in data space default \(0 source records\)/,
    );
    expect((await cli('resolve', tmp.path('missing.sqlite'))).code).toBe(2);
  });

  it('gives byte-identical reports and ids on a second workspace built the same way', async () => {
    const other = tmp.path('other.sqlite');
    expect(
      (
        await cli(
          'init',
          other,
          '--sample',
          'retail',
          '--individuals',
          String(INDIVIDUALS),
          '--items',
          '200',
          '--seed',
          String(SEED),
          '--now',
          SAMPLE_NOW,
        )
      ).code,
    ).toBe(0);
    // Import the records in reverse order: the resolution must not care.
    writeFileSync(
      tmp.path('reversed.jsonl'),
      [...raw]
        .reverse()
        .map((r) => JSON.stringify(sourceRecordFileRow(r.record)))
        .join('\n') + '\n',
    );
    expect((await cli('import', other, 'source-records', tmp.path('reversed.jsonl'))).code).toBe(0);
    const a = JSON.parse((await cli('identity', ws, '--json')).stdout).report as IdentityReport;
    const b = JSON.parse((await cli('resolve', other, '--json')).stdout) as IdentityReport;
    const strip = ({
      resolutionId: _i,
      resolvedAt: _t,
      changes: _c,
      previous: _p,
      configRevision: _r,
      addedFieldsRevision: _a,
      ...rest
    }: IdentityReport) => rest;
    expect(strip(b)).toEqual(strip(a));
    expect(b.largestClusters[0]!.unifiedId).toBe(a.largestClusters[0]!.unifiedId);
    expect(
      a.largestClusters.every(
        (c) =>
          c.unifiedId ===
          unifiedIdOf(c.records[0]!.split(':')[0]!, c.records[0]!.slice(c.records[0]!.indexOf(':') + 1)),
      ),
    ).toBe(true);
  });
});

/** One page of the record → unified individual mapping, through the service. */
async function page(offset: number) {
  const s = openService(ws);
  if (!s.ok) throw new Error(s.error.message);
  try {
    const r = await s.data.call('identity.records', { offset, limit: 1000 });
    if (!r.ok) throw new Error(r.error.message);
    return r.data;
  } finally {
    s.data.close();
  }
}

/** "source:sourceId" → unified id, for every record. */
async function openIds(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let offset = 0; ; offset += 1000) {
    const { rows, total } = await page(offset);
    for (const r of rows) out.set(`${r.source}:${r.sourceId}`, r.unifiedId!);
    if (offset + 1000 >= total) return out;
  }
}
