import Database from 'better-sqlite3';
import { INSIGHT_KEY_COLUMNS, type InsightSubject } from '../model/calculated-insight.ts';
import { MIGRATIONS } from './migrations.ts';

/**
 * The read-only path of calculated insights: the documented views an analyst's SQL reads, the
 * screening that refuses anything but one read-only SELECT, and preparation with SQLite's own
 * errors. The same views are built over an empty in-memory schema to check SQL at config save
 * time, and over the workspace file (opened read-only) to refresh — so both see the same names.
 */

/** The views a calculated insight reads, with their columns (docs/recommenders.md documents them). */
export const INSIGHT_VIEWS = {
  individuals: ['individual_id', 'attributes'],
  items: [
    'item_id',
    'name',
    'category',
    'price',
    'brand',
    'in_stock',
    'created_at_ms',
    'image_url',
    'url',
    'attributes',
  ],
  engagement: ['individual_id', 'item_id', 'type', 'ts_ms', 'quantity', 'price', 'category'],
} as const;

/** The one parameter a CI's SQL may use: the refresh time in epoch milliseconds. */
export const AS_OF_PARAMETER = ':as_of_ms';

const VIEW_NAMES = new Set(Object.keys(INSIGHT_VIEWS));
const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const int = (n: number): string => {
  if (!Number.isSafeInteger(n)) throw new Error(`not a safe integer: ${n}`);
  return String(n);
};

/**
 * The SQL that creates the documented views for one data space as of `asOfMs` (TEMP views shadow
 * the workspace's tables of the same name), and shadows every other table in `tables` with a view
 * whose use fails with a message naming the documented views.
 */
export function insightViewsSql(spaceId: number, asOfMs: number, tables: readonly string[]): string {
  const s = int(spaceId);
  const t = int(asOfMs);
  // Literal values, not parameters: the query planner then sees the space and time bounds and
  // uses the (space, type, ts) index of events.
  let sql = `
CREATE TEMP VIEW individuals AS
  SELECT id AS individual_id, attributes
  FROM main.individuals WHERE space_id = ${s};
CREATE TEMP VIEW items AS
  SELECT id AS item_id, name, category, price, brand, in_stock, created_at AS created_at_ms, image_url, url, attributes
  FROM main.items WHERE space_id = ${s} AND created_at <= ${t};
CREATE TEMP VIEW engagement AS
  SELECT ind.id AS individual_id, it.id AS item_id, et.name AS type, e.ts AS ts_ms, e.quantity AS quantity, e.price AS price, it.category AS category
  FROM main.events e
  JOIN main.event_types et ON et.code = e.type
  LEFT JOIN main.individuals ind ON ind.pk = e.individual_pk
  LEFT JOIN main.items it ON it.pk = e.item_pk
  WHERE e.space_id = ${s} AND e.ts <= ${t};
`;
  for (const name of tables) {
    if (VIEW_NAMES.has(name)) continue;
    // A view over a table that does not exist: SQLite reports "no such table: <this text>".
    const hint = `${name} (calculated insights read only the views individuals, items and engagement)`;
    sql += `CREATE TEMP VIEW ${quoteIdent(name)} AS SELECT * FROM ${quoteIdent(hint)};\n`;
  }
  return sql;
}

/** The workspace's own tables and views (what insightViewsSql shadows). */
export const workspaceTables = (db: Database.Database): string[] =>
  db
    .prepare(
      "SELECT name FROM main.sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .pluck()
    .all() as string[];

/**
 * Creates the documented views for one data space as of `asOfMs` on `db` (insightViewsSql), then
 * makes the connection query-only.
 */
export function createInsightViews(db: Database.Database, spaceId: number, asOfMs: number): void {
  db.exec(insightViewsSql(spaceId, asOfMs, workspaceTables(db)));
  db.pragma('query_only = ON');
}

type TokenKind = 'word' | 'ident' | 'string' | 'number' | 'param' | 'punct' | 'semicolon';
interface Token {
  kind: TokenKind;
  text: string;
}

const isWordStart = (ch: string): boolean => /[A-Za-z_\u0080-\uffff]/.test(ch);
const isWordPart = (ch: string): boolean => /[A-Za-z0-9_$\u0080-\uffff]/.test(ch);

/** Splits SQL into tokens the way SQLite's tokenizer does, enough to screen it (comments dropped). */
export function tokenizeSql(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = sql.length;
  const until = (close: string, from: number): number => {
    // Quoted text ends at `close`; a doubled `close` is an escaped one.
    let j = from;
    for (;;) {
      const k = sql.indexOf(close, j);
      if (k < 0) return n;
      if (sql[k + 1] === close && close !== ']') {
        j = k + 2;
        continue;
      }
      return k + 1;
    }
  };
  while (i < n) {
    const ch = sql[i]!;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '-' && sql[i + 1] === '-') {
      const e = sql.indexOf('\n', i);
      i = e < 0 ? n : e + 1;
    } else if (ch === '/' && sql[i + 1] === '*') {
      const e = sql.indexOf('*/', i + 2);
      i = e < 0 ? n : e + 2;
    } else if (ch === "'") {
      const e = until("'", i + 1);
      out.push({ kind: 'string', text: sql.slice(i, e) });
      i = e;
    } else if (ch === '"' || ch === '`' || ch === '[') {
      const close = ch === '[' ? ']' : ch;
      const e = until(close, i + 1);
      out.push({ kind: 'ident', text: sql.slice(i + 1, e - 1).replaceAll(close + close, close) });
      i = e;
    } else if (ch === ';') {
      out.push({ kind: 'semicolon', text: ';' });
      i++;
    } else if (ch === '?') {
      let e = i + 1;
      while (e < n && /[0-9]/.test(sql[e]!)) e++;
      out.push({ kind: 'param', text: sql.slice(i, e) });
      i = e;
    } else if ((ch === ':' || ch === '@' || ch === '$') && i + 1 < n && isWordPart(sql[i + 1]!)) {
      let e = i + 1;
      while (e < n && isWordPart(sql[e]!)) e++;
      out.push({ kind: 'param', text: sql.slice(i, e) });
      i = e;
    } else if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(sql[i + 1] ?? ''))) {
      const m = /^(0[xX][0-9a-fA-F]+|[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?[0-9.]*)/.exec(sql.slice(i))!;
      out.push({ kind: 'number', text: m[0] });
      i += m[0].length;
    } else if (isWordStart(ch)) {
      let e = i + 1;
      while (e < n && isWordPart(sql[e]!)) e++;
      out.push({ kind: 'word', text: sql.slice(i, e) });
      i = e;
    } else {
      out.push({ kind: 'punct', text: ch });
      i++;
    }
  }
  return out;
}

const STATEMENT_STARTS = new Set(['SELECT', 'WITH', 'VALUES']);
/** Statements that are not queries; any other first word is left to SQLite (its syntax error). */
const OTHER_STATEMENTS = new Set([
  'ALTER',
  'ANALYZE',
  'ATTACH',
  'BEGIN',
  'COMMIT',
  'CREATE',
  'DELETE',
  'DETACH',
  'DROP',
  'END',
  'EXPLAIN',
  'INSERT',
  'PRAGMA',
  'REINDEX',
  'RELEASE',
  'REPLACE',
  'ROLLBACK',
  'SAVEPOINT',
  'UPDATE',
  'UPSERT',
  'VACUUM',
]);
const SCHEMA_NAMES = new Set(['main', 'temp', 'temporary']);
/** SQLite's own tables and table-valued functions that describe the database: names and sizes of every data space's tables. */
const isInternalName = (name: string): boolean => {
  const n = name.toLowerCase();
  return n.startsWith('sqlite_') || n.startsWith('pragma_') || n === 'dbstat';
};

/**
 * Refuses, before SQLite sees it, SQL that is not one read-only SELECT over the documented views:
 * empty text, several statements, another kind of statement (DELETE, ATTACH, PRAGMA…), names
 * qualified by a schema (main.events bypasses the views), SQLite's catalogue (sqlite_schema,
 * dbstat, pragma_* functions), parameters other than :as_of_ms.
 */
export function screenInsightSql(sql: string): string | undefined {
  const tokens = tokenizeSql(sql);
  // 1. Statements: split at semicolons; only one may hold anything.
  const statements: Token[][] = [[]];
  for (const t of tokens) {
    if (t.kind === 'semicolon') statements.push([]);
    else statements[statements.length - 1]!.push(t);
  }
  const nonEmpty = statements.filter((s) => s.length > 0);
  if (nonEmpty.length === 0) return 'the SQL is empty: a calculated insight is one SELECT statement';
  if (nonEmpty.length > 1) {
    const second = nonEmpty[1]![0]!.text.toUpperCase();
    return `the SQL holds ${nonEmpty.length} statements (the second begins with ${second}); a calculated insight is exactly one read-only SELECT`;
  }
  const stmt = nonEmpty[0]!;
  // 2. The kind of statement.
  const first = stmt[0]!;
  const keyword = first.kind === 'word' ? first.text.toUpperCase() : first.text;
  if (!STATEMENT_STARTS.has(keyword) && OTHER_STATEMENTS.has(keyword)) {
    return `${keyword} statements are not allowed: a calculated insight is one read-only SELECT (or WITH … SELECT) over the views individuals, items and engagement`;
  }
  for (const [i, t] of stmt.entries()) {
    // 3. Schema-qualified names would read the workspace's tables around the views.
    if (
      (t.kind === 'word' || t.kind === 'ident') &&
      SCHEMA_NAMES.has(t.text.toLowerCase()) &&
      stmt[i + 1]?.text === '.'
    ) {
      const target = stmt[i + 2]?.text ?? '';
      return `"${t.text}.${target}" reads the workspace's tables directly; a calculated insight reads only the views individuals, items and engagement`;
    }
    // 4. SQLite's catalogue (sqlite_schema, dbstat, pragma_table_list…) describes other data spaces.
    if ((t.kind === 'word' || t.kind === 'ident') && isInternalName(t.text)) {
      return `"${t.text}" is SQLite's own catalogue (it describes the whole workspace); a calculated insight reads only the views individuals, items and engagement`;
    }
    // 5. Parameters: only the refresh time.
    if (t.kind === 'param' && t.text !== AS_OF_PARAMETER) {
      return `unknown parameter ${t.text}: the only parameter of a calculated insight is ${AS_OF_PARAMETER} (the refresh time, epoch milliseconds)`;
    }
  }
  return undefined;
}

const SUBJECT_TEXT: Record<InsightSubject, string> = {
  individual: 'per individual',
  item: 'per item',
  item_pair: 'per item pair',
  individual_category: 'per individual × category',
};

/** The columns a calculated insight of `subject` returns: its key columns, then `value`. */
export const insightColumns = (subject: InsightSubject): string[] => [...INSIGHT_KEY_COLUMNS[subject], 'value'];

/**
 * Screens and prepares a CI's SQL on a connection with the views; refuses a statement that
 * returns no rows, writes, or whose result columns are not the subject's key columns plus `value`.
 */
export function prepareInsightSql(
  db: Database.Database,
  sql: string,
  subject: InsightSubject,
): { ok: true; stmt: Database.Statement } | { ok: false; message: string } {
  const screened = screenInsightSql(sql);
  if (screened) return { ok: false, message: screened };
  let stmt: Database.Statement;
  try {
    stmt = db.prepare(sql);
  } catch (e) {
    if (e instanceof RangeError)
      return { ok: false, message: `${e.message}; a calculated insight is exactly one read-only SELECT` };
    return { ok: false, message: `SQLite: ${(e as Error).message}` };
  }
  if (!stmt.readonly)
    return {
      ok: false,
      message:
        'the statement is not read-only (it would change the workspace); a calculated insight is one read-only SELECT',
    };
  if (!stmt.reader) return { ok: false, message: 'the statement returns no rows; a calculated insight is one SELECT' };
  const expected = insightColumns(subject);
  const got = stmt.columns().map((c) => c.name);
  const missing = expected.filter((c) => !got.includes(c));
  const extra = got.filter((c) => !expected.includes(c));
  const repeated = got.filter((c, i) => got.indexOf(c) !== i);
  if (missing.length > 0 || extra.length > 0 || repeated.length > 0) {
    const parts = [
      missing.length > 0 ? `missing ${missing.join(', ')}` : '',
      extra.length > 0 ? `unexpected ${extra.join(', ')}` : '',
      repeated.length > 0 ? `repeated ${[...new Set(repeated)].join(', ')}` : '',
    ].filter(Boolean);
    return {
      ok: false,
      message: `the result columns are (${got.join(', ')}): ${parts.join('; ')}. A calculated insight ${SUBJECT_TEXT[subject]} returns exactly the columns ${expected.join(', ')}`,
    };
  }
  return { ok: true, stmt };
}

let checker: Database.Database | undefined;

/** An in-memory database with the workspace schema (empty) and the views, for checking SQL. */
function checkerDb(): Database.Database {
  if (!checker) {
    const db = new Database(':memory:');
    for (const m of MIGRATIONS) db.exec(m.sql);
    createInsightViews(db, 1, 0);
    checker = db;
  }
  return checker;
}

/**
 * Checks a CI's SQL without a workspace: screening, SQLite's own prepare errors and the result
 * columns, against the same views a refresh reads. Returns the problem, or undefined when valid.
 */
export function checkInsightSql(sql: string, subject: InsightSubject): string | undefined {
  const r = prepareInsightSql(checkerDb(), sql, subject);
  return r.ok ? undefined : r.message;
}
