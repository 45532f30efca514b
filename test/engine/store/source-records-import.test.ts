import { describe, expect, it } from 'vitest';
import { MAX_LISTED_WARNINGS } from '../../../engine/store/import/source-record-rows.ts';
import { fault, importWorkspace, located, report } from './import/import-fixture.ts';

const HEADER = 'sourceId,source,email,phone,firstName,lastName,updatedAt';

/** Every stored source record, as plain objects without surrogate keys. */
const stored = (w: ReturnType<typeof importWorkspace>) =>
  [...w.store.identity.iterateSourceRecords(w.space)].map(({ pk: _pk, ...r }) => r);

describe('source-record import', () => {
  it('stores records with their columns, typed attributes and updatedAt; warns about malformed emails and phones', async () => {
    const w = importWorkspace(false);
    const csv = [
      `${HEADER},loyaltyTier,points`,
      'w-1,web, Ann@Example.com ,(212) 555-0101,Ann,Lee,2026-01-02T03:04:05+01:00,Gold,120',
      'L7,loyalty,ann@,12345,ANN,,,Silver,',
      '42,pos,,,,,2026-01-05,,7',
    ].join('\n');
    const r = await w.run('source-records', 'records.csv', csv, { fields: [{ name: 'points', type: 'number' }] });
    const rep = report(r);
    expect(rep).toMatchObject({
      kind: 'source-records',
      rowsRead: 3,
      inserted: 3,
      updated: 0,
      inferredFields: [{ name: 'loyaltyTier', type: 'string' }],
    });
    expect(r.ok && r.warnings).toEqual([
      {
        file: expect.stringMatching(/records\.csv$/),
        line: 3,
        field: 'email',
        message:
          'email: "ann@" is not an email address (local@domain.tld); the record is imported but cannot match on email',
      },
      {
        file: expect.stringMatching(/records\.csv$/),
        line: 3,
        field: 'phone',
        message:
          'phone: "12345" is not a phone number (5 digits; at least 7); the record is imported but cannot match on phone',
      },
    ]);
    expect(stored(w)).toEqual([
      {
        source: 'loyalty',
        sourceId: 'L7',
        email: 'ann@',
        phone: '12345',
        firstName: 'ANN',
        lastName: null,
        updatedAt: null,
        attributes: { loyaltyTier: 'Silver' },
      },
      {
        source: 'pos',
        sourceId: '42',
        email: null,
        phone: null,
        firstName: null,
        lastName: null,
        updatedAt: '2026-01-05T00:00:00.000Z',
        attributes: { points: 7 },
      },
      {
        source: 'web',
        sourceId: 'w-1',
        email: 'Ann@Example.com',
        phone: '(212) 555-0101',
        firstName: 'Ann',
        lastName: 'Lee',
        updatedAt: '2026-01-02T02:04:05.000Z',
        attributes: { loyaltyTier: 'Gold', points: 120 },
      },
    ]);
    expect(w.store.identity.countSourceRecords(w.space)).toBe(3);
    expect(w.store.identity.countUnresolved(w.space)).toBe(3);
    // Individuals are untouched until a resolution.
    expect(w.store.countIndividuals(w.space)).toBe(0);
  });

  it('replaces a record re-imported with the same (source, sourceId), and bumps the source-records version', async () => {
    const w = importWorkspace(false);
    expect(w.store.identity.sourceRecordsVersion(w.space)).toBe(0);
    report(await w.run('source-records', 'a.csv', `${HEADER}\n1,web,a@x.com,,Ann,,\n1,pos,a@x.com,,,,\n`));
    expect(w.store.identity.sourceRecordsVersion(w.space)).toBe(1);
    const again = report(
      await w.run('source-records', 'b.csv', `${HEADER}\n1,web,ann@x.com,,Annie,,\n2,web,b@x.com,,,,\n`),
    );
    expect(again).toMatchObject({ inserted: 1, updated: 1 });
    expect(w.store.identity.sourceRecordsVersion(w.space)).toBe(2);
    expect(stored(w).map((r) => [r.source, r.sourceId, r.email, r.firstName])).toEqual([
      ['pos', '1', 'a@x.com', null],
      ['web', '1', 'ann@x.com', 'Annie'],
      ['web', '2', 'b@x.com', null],
    ]);
  });

  it('reports every bad row with line and field, and imports nothing', async () => {
    const w = importWorkspace(false);
    const csv = [
      HEADER,
      '1,web,a@x.com,,,,',
      ',web,b@x.com,,,,',
      '2,,c@x.com,,,,',
      '3,pos store,,,,,',
      '4,web:eu,,,,,',
      '1,web,again@x.com,,,,',
      '5,web,,,,,2026-01-01 10:00',
      '6,web,,,,,yesterday',
    ].join('\n');
    const f = fault(await w.run('source-records', 'bad.csv', csv));
    expect(located(f)).toEqual([
      [3, 'sourceId', 'sourceId: empty (a value is required)'],
      [4, 'source', 'source: empty (a value is required)'],
      [
        5,
        'source',
        'source: "pos store" is not a source name (letters, digits, "_", "." or "-", at most 80; no spaces or ":")',
      ],
      [
        6,
        'source',
        'source: "web:eu" is not a source name (letters, digits, "_", "." or "-", at most 80; no spaces or ":")',
      ],
      [7, 'sourceId', 'sourceId: "web:1" appears more than once in the file; first on line 2'],
      [8, 'updatedAt', 'updatedAt: "2026-01-01 10:00" has no time zone; add Z (UTC) or an offset such as +02:00'],
      [9, 'updatedAt', 'updatedAt: "yesterday" is not an ISO-8601 datetime (e.g. 2024-05-01T10:00:00Z or 2024-05-01)'],
    ]);
    expect(f.message).toMatch(/bad\.csv: 7 bad rows; nothing was imported$/);
    expect(w.store.identity.countSourceRecords(w.space)).toBe(0);
    expect(w.store.identity.sourceRecordsVersion(w.space)).toBe(0);
  });

  it('needs the sourceId and source columns, and refuses reserved attribute names', async () => {
    const w = importWorkspace(false);
    expect(located(fault(await w.run('source-records', 'm.csv', 'source,email\nweb,a@x.com\n')))).toEqual([
      [1, 'sourceId', 'missing required column "sourceId" (source-records need sourceId, source)'],
    ]);
    expect(located(fault(await w.run('source-records', 'r.csv', 'sourceId,source,segments\n1,web,vip\n')))).toEqual([
      [1, 'segments', '"segments" cannot be an attribute: unified individuals reserve id, engagement, segments, ci'],
    ]);
    expect(w.store.identity.countSourceRecords(w.space)).toBe(0);
  });

  it('reads JSON and JSONL: numbers as ids and phones, JSON paths in problems', async () => {
    const w = importWorkspace(false);
    const json = JSON.stringify([
      { sourceId: 1001, source: 'pos', phone: 2125550101, firstName: 'Ann' },
      { sourceId: 'x', source: 'web', email: true },
      { sourceId: 'y', source: 'web', email: 'y@' },
    ]);
    const f = fault(await w.run('source-records', 'r.json', json));
    expect(located(f)).toEqual([['$[1].email', 'email', 'email: true is a boolean; expected text']]);
    const ok = await w.run(
      'source-records',
      'r2.json',
      JSON.stringify([
        { sourceId: 1001, source: 'pos', phone: 2125550101 },
        { sourceId: 'y', source: 'web', email: 'y@' },
      ]),
    );
    expect(ok.ok && ok.warnings).toEqual([
      {
        file: expect.any(String),
        path: '$[1].email',
        field: 'email',
        message: expect.stringMatching(/^email: "y@" is not an email address/),
      },
    ]);
    report(await w.run('source-records', 'r.jsonl', '{"sourceId":"z","source":"web","email":"z@x.com"}\n'));
    expect(stored(w).map((r) => [r.source, r.sourceId, r.phone, r.email])).toEqual([
      ['pos', '1001', '2125550101', null],
      ['web', 'y', null, 'y@'],
      ['web', 'z', null, 'z@x.com'],
    ]);
  });

  it(`lists at most ${MAX_LISTED_WARNINGS} malformed values, then counts the rest`, async () => {
    const w = importWorkspace(false);
    const rows = Array.from({ length: 130 }, (_, i) => `${i},web,bad-${i},,,,`);
    const r = await w.run('source-records', 'many.csv', [HEADER, ...rows].join('\n'));
    expect(r.ok).toBe(true);
    const warnings = r.ok ? (r.warnings ?? []) : [];
    expect(warnings).toHaveLength(MAX_LISTED_WARNINGS + 1);
    expect(warnings.at(-1)!.message).toBe('… and 30 more malformed email or phone values (130 in all)');
  });
});
