import { describe, expect, it } from 'vitest';
import { csvSource } from '../../../../engine/store/import/csv-source.ts';
import type { SourceItem } from '../../../../engine/store/import/row-source.ts';
import { tempDir, writeFixture } from '../workspace-fixture.ts';
import { expectCounts, fault, importWorkspace, located, report } from './import-fixture.ts';

async function items(content: string | Buffer): Promise<SourceItem[]> {
  const out: SourceItem[] = [];
  for await (const batch of csvSource(writeFixture(tempDir(), 'f.csv', content)).batches()) out.push(...batch);
  return out;
}

/** Items as compact [line, kind, id or message] tuples. */
const brief = (xs: SourceItem[]) =>
  xs.map((x) =>
    x.kind === 'header'
      ? [x.line, 'header', x.columns.join('|')]
      : x.kind === 'row'
        ? [x.line, 'row', String(x.values.id)]
        : [x.line, 'syntax', x.message],
  );

describe('CSV source', () => {
  it('strips a BOM, reads CRLF, trims header names, and maps rows to the header', async () => {
    const xs = await items(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('id , name\r\na,Ann\r\nb,"Bob ""B"""\r\n')]),
    );
    expect(xs).toEqual([
      { kind: 'header', columns: ['id', 'name'], line: 1 },
      { kind: 'row', values: { id: 'a', name: 'Ann' }, line: 2 },
      { kind: 'row', values: { id: 'b', name: 'Bob "B"' }, line: 3 },
    ]);
  });

  it('counts physical lines across quoted line breaks and blank lines', async () => {
    const xs = await items('id,note\na,"two\nlines"\n\nb,x\nc,"three\r\nline\nnote"\nd,y\n');
    expect(brief(xs)).toEqual([
      [1, 'header', 'id|note'],
      [2, 'row', 'a'],
      [5, 'row', 'b'],
      [6, 'row', 'c'],
      [9, 'row', 'd'],
    ]);
  });

  it('passes rows with the wrong number of fields on as problems and keeps reading', async () => {
    const xs = await items('id,a,b\np1,1,2\np2,1\np3,1,2,3\np4,1,2\n');
    expect(brief(xs)).toEqual([
      [1, 'header', 'id|a|b'],
      [2, 'row', 'p1'],
      [3, 'syntax', 'the row has 2 fields but the header has 3 (inconsistent column count; is the file truncated?)'],
      [4, 'syntax', 'the row has 4 fields but the header has 3 (inconsistent column count)'],
      [5, 'row', 'p4'],
    ]);
  });

  it('reports an unclosed quote at the line where the quoted field starts', async () => {
    const xs = await items('id,a\np1,1\np2,"oops\np3,3\np4,4\n');
    expect(brief(xs)).toEqual([
      [1, 'header', 'id|a'],
      [2, 'row', 'p1'],
      [
        3,
        'syntax',
        'unclosed quote: the quoted field that starts on line 3 runs to the end of the file (is the file truncated?)',
      ],
    ]);
  });

  it('reports an invalid closing quote', async () => {
    const xs = await items('id,a\np1,"x"y\np2,2\n');
    expect(xs[1]).toMatchObject({ kind: 'syntax', line: 2, message: expect.stringMatching(/^invalid closing quote/) });
  });
});

describe('CSV import of malformed files', () => {
  it('reports every malformed row (and bad values) and imports nothing', async () => {
    const { run, store, space } = importWorkspace(false);
    const csv = 'id,age\np1,1\np2\np3,abc\np4,4,4\np5,5\n';
    const f = fault(await run('profiles', 'p.csv', csv, { fields: [{ name: 'age', type: 'number' }] }));
    expect(located(f)).toEqual([
      [3, undefined, 'the row has 1 field but the header has 2 (inconsistent column count; is the file truncated?)'],
      [4, 'age', 'age: "abc" is not a number'],
      [5, undefined, 'the row has 3 fields but the header has 2 (inconsistent column count)'],
    ]);
    expect(f.message).toMatch(/3 bad rows; nothing was imported/);
    expectCounts(store, space, { individuals: 0, items: 0, events: 0 });
  });

  it('reports a file truncated inside a quoted field', async () => {
    const { run } = importWorkspace(false);
    const f = fault(await run('profiles', 'p.csv', 'id,note\np1,ok\np2,"this row was cut'));
    expect(located(f)).toEqual([
      [
        3,
        undefined,
        'unclosed quote: the quoted field that starts on line 3 runs to the end of the file (is the file truncated?)',
      ],
    ]);
  });

  it('refuses a header with a repeated or unnamed column', async () => {
    const { run } = importWorkspace(false);
    expect(located(fault(await run('profiles', 'p.csv', 'id,a,,a\n1,2,3,4\n')))).toEqual([
      [1, undefined, 'column 3 of the header has no name'],
      [1, 'a', 'column "a" appears twice in the header (columns 2 and 4)'],
    ]);
  });

  it('imports a file without a trailing newline', async () => {
    const { run } = importWorkspace(false);
    expect(report(await run('profiles', 'p.csv', 'id\np1\np2')).inserted).toBe(2);
  });
});
