import type { Problem } from '../../model/errors.ts';

/** Where a row or value was found: a line (CSV, JSONL) or a JSON path (.json). */
export interface RowLocation {
  line?: number;
  path?: string;
}

/** A JSON path for a field of a row: $[3].price, or $[3]["odd name"]. */
export const fieldPath = (rowPath: string, field: string): string =>
  /^[A-Za-z_][A-Za-z0-9_]*$/.test(field) ? `${rowPath}.${field}` : `${rowPath}[${JSON.stringify(field)}]`;

/** "line 3" or "$[2]", for messages that point back at an earlier row. */
export const describeLocation = (loc: RowLocation): string =>
  loc.line !== undefined ? `line ${loc.line}` : (loc.path ?? 'an earlier row');

/** Collects an import's problems: lists the first `max`, counts all, counts bad rows. */
export class ProblemLog {
  readonly problems: Problem[] = [];
  count = 0;
  badRows = 0;
  /** The first problem about the file as a whole (header, syntax), if any. */
  firstFileLevel: Problem | undefined;

  constructor(
    readonly file: string,
    private readonly max: number,
  ) {}

  /** Records a problem of one value or row (the message starts with the field name when there is one). */
  add(loc: RowLocation, field: string | undefined, message: string, fileLevel = false): void {
    const p: Problem = { file: this.file, message };
    if (loc.line !== undefined) p.line = loc.line;
    if (loc.path !== undefined) p.path = field !== undefined && !fileLevel ? fieldPath(loc.path, field) : loc.path;
    if (field !== undefined) p.field = field;
    this.count++;
    if (fileLevel && !this.firstFileLevel) this.firstFileLevel = p;
    if (this.problems.length < this.max) this.problems.push(p);
  }

  /** The failure message: "<file>: N bad rows; nothing was imported", or the file-level problem. */
  summary(): string {
    const more = this.count > 1 ? ` (${this.count} problems in all)` : '';
    if (this.badRows === 0 && this.firstFileLevel)
      return `${this.file}: ${this.firstFileLevel.message}${more}; nothing was imported`;
    return `${this.file}: ${this.badRows} bad row${this.badRows === 1 ? '' : 's'}; nothing was imported`;
  }
}
