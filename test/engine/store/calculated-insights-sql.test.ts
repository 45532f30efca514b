import { describe, expect, it } from 'vitest';
import type { InsightSubject } from '../../../engine/model/index.ts';
import {
  checkInsightSql,
  INSIGHT_VIEWS,
  screenInsightSql,
  tokenizeSql,
} from '../../../engine/store/calculated-insights-sql.ts';

describe('calculated insight SQL: refused, with a clear message', () => {
  it.each<[string, string, InsightSubject, RegExp]>([
    [
      'DELETE',
      'DELETE FROM items',
      'item',
      /^DELETE statements are not allowed: a calculated insight is one read-only SELECT/,
    ],
    [
      'two statements',
      "SELECT item_id, 1 AS value FROM items; SELECT 'x'",
      'item',
      /^the SQL holds 2 statements \(the second begins with SELECT\); a calculated insight is exactly one read-only SELECT$/,
    ],
    [
      'a SELECT then a DELETE',
      'SELECT item_id, 1 AS value FROM items; DELETE FROM items',
      'item',
      /the second begins with DELETE/,
    ],
    [
      "a syntax error (SQLite's own message)",
      'SELEC item_id, 1 AS value FROM items',
      'item',
      /^SQLite: near "SELEC": syntax error$/,
    ],
    [
      'an unbalanced parenthesis',
      'SELECT item_id, count(* AS value FROM engagement GROUP BY item_id',
      'item',
      /^SQLite: .*syntax error$/,
    ],
    ['an unknown table', 'SELECT item_id, 1 AS value FROM nowhere', 'item', /^SQLite: no such table: nowhere$/],
    ['an unknown column', 'SELECT item_id, weight AS value FROM items', 'item', /^SQLite: no such column: weight$/],
    [
      'a workspace table around the views',
      'SELECT item_pk AS item_id, 1 AS value FROM events',
      'item',
      /^SQLite: no such table: events \(calculated insights read only the views individuals, items and engagement\)$/,
    ],
    [
      'a schema-qualified table',
      'SELECT id AS item_id, 1 AS value FROM main.items',
      'item',
      /^"main\.items" reads the workspace's tables directly/,
    ],
    [
      'a quoted schema-qualified table',
      'SELECT id AS item_id, 1 AS value FROM "main"."events"',
      'item',
      /^"main\.events" reads the workspace's tables directly/,
    ],
    ['ATTACH', "ATTACH DATABASE 'other.db' AS other", 'item', /^ATTACH statements are not allowed/],
    ['a PRAGMA write', 'PRAGMA journal_mode = DELETE', 'item', /^PRAGMA statements are not allowed/],
    [
      'a write inside WITH',
      'WITH x AS (SELECT 1) DELETE FROM items',
      'item',
      /^SQLite: cannot modify items because it is a view$/,
    ],
    [
      'a missing value column',
      'SELECT item_id FROM items',
      'item',
      /^the result columns are \(item_id\): missing value\. A calculated insight per item returns exactly the columns item_id, value$/,
    ],
    ['an extra column', 'SELECT item_id, price AS value, name FROM items', 'item', /unexpected name/],
    [
      'the wrong key column',
      'SELECT item_id AS individual_id, 1 AS value FROM items',
      'item',
      /missing item_id; unexpected individual_id/,
    ],
    [
      'a repeated column',
      'SELECT item_id, item_id AS related_item_id, 1 AS value, 2 AS value FROM items',
      'item_pair',
      /repeated value/,
    ],
    [
      'an unknown named parameter',
      'SELECT item_id, 1 AS value FROM items WHERE created_at_ms < :cutoff',
      'item',
      /^unknown parameter :cutoff: the only parameter of a calculated insight is :as_of_ms/,
    ],
    ['a positional parameter', 'SELECT item_id, ? AS value FROM items', 'item', /^unknown parameter \?/],
    ['empty SQL', '  ', 'item', /^the SQL is empty/],
    ['only a comment', '-- top sellers\n', 'item', /^the SQL is empty/],
  ])('%s', (_, sql, subject, message) => {
    expect(checkInsightSql(sql, subject)).toMatch(message);
  });
});

describe('calculated insight SQL: accepted', () => {
  it.each<[string, string, InsightSubject]>([
    [
      'an item CI with :as_of_ms',
      "SELECT item_id, sum(quantity) AS value FROM engagement WHERE type = 'order' AND ts_ms > :as_of_ms - 30 * 86400000 GROUP BY item_id",
      'item',
    ],
    [
      'an individual CI',
      "SELECT individual_id, sum(quantity * price) AS value FROM engagement WHERE type = 'order' GROUP BY individual_id",
      'individual',
    ],
    [
      'an item-pair CI (a self-join)',
      "SELECT a.item_id, b.item_id AS related_item_id, count(*) AS value FROM engagement a JOIN engagement b ON b.individual_id = a.individual_id AND b.ts_ms = a.ts_ms AND b.item_id <> a.item_id WHERE a.type = 'order' GROUP BY 1, 2",
      'item_pair',
    ],
    [
      'an individual × category CI',
      'SELECT individual_id, category, count(*) AS value FROM engagement GROUP BY 1, 2',
      'individual_category',
    ],
    [
      'WITH … SELECT',
      'WITH o AS (SELECT item_id, quantity FROM engagement) SELECT item_id, sum(quantity) AS value FROM o GROUP BY item_id',
      'item',
    ],
    [
      'attributes through json_extract',
      "SELECT individual_id, json_extract(attributes, '$.age') AS value FROM individuals",
      'individual',
    ],
    ['a trailing semicolon and comment', 'SELECT item_id, price AS value FROM items; -- done', 'item'],
    [
      'a semicolon and keywords inside a string',
      "SELECT item_id, 1 AS value FROM items WHERE name <> 'a; DELETE FROM items' AND url <> 'main.items'",
      'item',
    ],
    ['a semicolon inside a block comment', 'SELECT item_id, 1 AS value /* ; DROP TABLE items */ FROM items', 'item'],
  ])('%s', (_, sql, subject) => {
    expect(checkInsightSql(sql, subject)).toBeUndefined();
  });
});

describe('the documented views', () => {
  it.each(Object.entries(INSIGHT_VIEWS))('%s has the documented columns', (view, columns) => {
    const cols = columns.map((c) => c).join(', ');
    expect(checkInsightSql(`SELECT ${cols}, ${columns[0]} AS item_id, 1 AS value FROM ${view}`, 'item')).toMatch(
      new RegExp(`result columns are \\(${cols}, item_id, value\\)`),
    );
    expect(checkInsightSql(`SELECT nope FROM ${view}`, 'item')).toBe('SQLite: no such column: nope');
  });
});

describe('tokenizeSql', () => {
  it('drops comments and keeps quoted text whole', () => {
    expect(tokenizeSql(`SELECT "a""b", 'x;y' -- c\n/* d; */ FROM [t] ;`).map((t) => [t.kind, t.text])).toEqual([
      ['word', 'SELECT'],
      ['ident', 'a"b'],
      ['punct', ','],
      ['string', "'x;y'"],
      ['word', 'FROM'],
      ['ident', 't'],
      ['semicolon', ';'],
    ]);
  });

  it('reads parameters and numbers', () => {
    expect(
      tokenizeSql(':as_of_ms - 30 * 8.64e7 + ?2 + @x + $y')
        .filter((t) => t.kind === 'param' || t.kind === 'number')
        .map((t) => t.text),
    ).toEqual([':as_of_ms', '30', '8.64e7', '?2', '@x', '$y']);
  });

  it('screening alone does not reject what SQLite must judge', () => {
    expect(screenInsightSql('SELEC 1')).toBeUndefined();
  });
});
