/** One schema migration: numbered, append-only; its SQL runs in one transaction. */
export interface Migration {
  /** 1, 2, 3... without gaps; the order migrations are applied in. */
  version: number;
  /** Short kebab-case name, for the schema_migrations table and messages. */
  name: string;
  /** The SQL to run. Never edit it once released: its sha256 is recorded when applied. */
  sql: string;
}
