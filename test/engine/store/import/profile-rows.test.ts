import { describe, expect, it } from 'vitest';
import { expectCounts, fault, importWorkspace, located, report } from './import-fixture.ts';

const profileFields = [
  { name: 'loyaltyTier', type: 'string' as const },
  { name: 'birthDate', type: 'date' as const },
  { name: 'age', type: 'number' as const },
];

describe('profile import', () => {
  it('coerces declared fields, infers undeclared ones, leaves empty cells absent', async () => {
    const { run, store, space } = importWorkspace(false);
    const csv = [
      'id,firstName,loyaltyTier,birthDate,age,vip,signedUpAt,zip',
      'p1,Ann,gold,1990-05-31,31,true,2024-01-02T03:04:05+01:00,02139',
      'p2,Bob,,,,false,2024-02-03,10001',
      'p3,"Smith, Jo",silver,2001-01-01,40.5,FALSE,,',
    ].join('\n');
    const r = report(await run('profiles', 'profiles.csv', csv, { fields: profileFields }));
    expect(r).toEqual({
      kind: 'profiles',
      file: expect.stringMatching(/profiles\.csv$/),
      format: 'csv',
      rowsRead: 3,
      inserted: 3,
      updated: 0,
      inferredFields: [
        { name: 'firstName', type: 'string' },
        { name: 'vip', type: 'boolean' },
        { name: 'signedUpAt', type: 'datetime' },
        { name: 'zip', type: 'string' },
      ],
    });
    expect(store.getIndividual(space, 'p1')).toEqual({
      id: 'p1',
      attributes: {
        firstName: 'Ann',
        loyaltyTier: 'gold',
        birthDate: '1990-05-31',
        age: 31,
        vip: true,
        signedUpAt: '2024-01-02T02:04:05.000Z',
        zip: '02139',
      },
    });
    expect(store.getIndividual(space, 'p2')?.attributes).toEqual({
      firstName: 'Bob',
      vip: false,
      signedUpAt: '2024-02-03T00:00:00.000Z',
      zip: '10001',
    });
    expect(store.getIndividual(space, 'p3')?.attributes).toEqual({
      firstName: 'Smith, Jo',
      loyaltyTier: 'silver',
      birthDate: '2001-01-01',
      age: 40.5,
      vip: false,
    });
  });

  it('upserts by id: existing profiles are replaced and counted apart', async () => {
    const { run, store, space } = importWorkspace();
    const r = report(await run('profiles', 'p.csv', 'id,tier\nind_1,gold\nnew_1,silver\n'));
    expect([r.inserted, r.updated]).toEqual([1, 1]);
    expect(store.getIndividual(space, 'ind_1')).toEqual({ id: 'ind_1', attributes: { tier: 'gold' } });
    expectCounts(store, space, { individuals: 4, items: 3, events: 0 });
  });

  it('refuses duplicate ids, naming the line of the first occurrence', async () => {
    const { run, store, space } = importWorkspace(false);
    const f = fault(await run('profiles', 'p.csv', 'id,x\na,1\nb,2\na,3\nb,4\na,5\n'));
    expect(f.message).toMatch(/p\.csv: 3 bad rows; nothing was imported$/);
    expect(located(f)).toEqual([
      [4, 'id', 'id: "a" appears more than once in the file; first on line 2'],
      [5, 'id', 'id: "b" appears more than once in the file; first on line 3'],
      [6, 'id', 'id: "a" appears more than once in the file; first on line 2'],
    ]);
    expectCounts(store, space, { individuals: 0, items: 0, events: 0 });
  });

  it('reports a missing id column once, with the header line', async () => {
    const { run } = importWorkspace(false);
    const f = fault(await run('profiles', 'p.csv', 'firstName,age\nAnn,3\nBob,4\n'));
    expect(f.code).toBe('InvalidInput');
    expect(f.problemCount).toBe(1);
    expect(located(f)).toEqual([[1, 'id', 'missing required column "id" (profiles need id)']]);
    expect(f.message).toMatch(/p\.csv: missing required column "id" .*; nothing was imported$/);
  });

  it('refuses an empty id', async () => {
    const { run } = importWorkspace(false);
    expect(located(fault(await run('profiles', 'p.csv', 'id,x\n,1\n')))).toEqual([
      [2, 'id', 'id: empty (a value is required)'],
    ]);
  });

  it('refuses reserved and invalid column names, and undeclared ones when not inferring', async () => {
    const { run } = importWorkspace(false);
    const f = fault(
      await run('profiles', 'p.csv', 'id,segments,first name,age,extra\np1,a,b,3,x\n', {
        fields: profileFields,
        inferUndeclared: false,
      }),
    );
    expect(located(f)).toEqual([
      [1, 'segments', '"segments" cannot be an attribute: the profile document reserves id, engagement, segments, ci'],
      [
        1,
        'first name',
        '"first name" is not a valid field name (letters, digits and _, not starting with a digit); rename the column',
      ],
      [1, 'extra', '"extra" is not a declared field of the data graph; declare it, or import with inferUndeclared'],
    ]);
  });

  it('reports wrong types of declared fields with the value and why', async () => {
    const { run } = importWorkspace(false);
    const csv = 'id,age,birthDate\np1,abc,1990-01-01\np2,3,31/12/1990\np3,4,1990-02-30\n';
    expect(located(fault(await run('profiles', 'p.csv', csv, { fields: profileFields })))).toEqual([
      [2, 'age', 'age: "abc" is not a number'],
      [3, 'birthDate', 'birthDate: "31/12/1990" is not a date (YYYY-MM-DD)'],
      [4, 'birthDate', 'birthDate: "1990-02-30" is not a date (YYYY-MM-DD)'],
    ]);
  });

  it('refuses a datetime without a time zone, saying so', async () => {
    const { run } = importWorkspace(false);
    const f = fault(
      await run('profiles', 'p.csv', 'id,lastSeen\np1,2024-01-01T10:00:00\n', {
        fields: [{ name: 'lastSeen', type: 'datetime' }],
      }),
    );
    expect(located(f)).toEqual([
      [2, 'lastSeen', 'lastSeen: "2024-01-01T10:00:00" has no time zone; add Z (UTC) or an offset such as +02:00'],
    ]);
  });

  it('infers from the first 1,000 rows, then holds every row to the inferred type', async () => {
    const { run } = importWorkspace(false);
    const lines = ['id,score'];
    for (let i = 1; i <= 1500; i++) lines.push(`p${i},${i === 1200 ? 'n/a' : i}`);
    const f = fault(await run('profiles', 'p.csv', lines.join('\n')));
    expect(located(f)).toEqual([
      [1201, 'score', 'score: "n/a" is not a number (type number was inferred from the first rows of the file)'],
    ]);
  });

  it('a column empty in the first 1,000 rows takes the type of its first later value', async () => {
    const { run, store, space } = importWorkspace(false);
    const lines = ['id,late'];
    for (let i = 1; i <= 1100; i++) lines.push(`p${i},${i > 1050 ? '7' : ''}`);
    const r = report(await run('profiles', 'p.csv', lines.join('\n')));
    expect(r.inferredFields).toEqual([{ name: 'late', type: 'number' }]);
    expect(store.getIndividual(space, 'p1060')?.attributes).toEqual({ late: 7 });
  });
});
