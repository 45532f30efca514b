import type { FieldDef, FieldType } from '../../model/data-graph.ts';

/** What an import does with one column (CSV header name or JSON key). */
export type ColumnRole =
  | { role: 'base' }
  | { role: 'attribute'; type: FieldType; inferred: boolean }
  | { role: 'pending' }
  | { role: 'ignored' }
  | { role: 'rejected' };

/** The columns one kind of import knows. */
export interface KindColumns {
  /** Columns every row needs (a CSV header must have them). */
  required: readonly string[];
  /** Known columns that may be left out. */
  optional: readonly string[];
  /** Whether other columns become attributes (profiles, items) or are ignored (events). */
  attributes: boolean;
  /** Names that may not be attributes, with why. */
  reserved: ReadonlyMap<string, string>;
  /** What the rows are called in messages ("event"). */
  noun: string;
}

const FIELD_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A classified column, with the problem (rejected) or warning (ignored) to report once. */
export interface Classified {
  role: ColumnRole;
  problem?: string;
  warning?: string;
}

/**
 * Decides, once per column, whether it is a base column, a declared or inferred attribute, one
 * whose type is still to be inferred, ignored or refused.
 */
export class ColumnPlan {
  private readonly roles = new Map<string, ColumnRole>();
  private readonly declared = new Map<string, FieldType>();
  private readonly base: Set<string>;
  /** Inferred attributes in order of first appearance. */
  readonly inferred: FieldDef[] = [];

  constructor(
    private readonly kind: KindColumns,
    fields: readonly FieldDef[],
    private readonly infer: boolean,
  ) {
    this.base = new Set([...kind.required, ...kind.optional]);
    for (const f of fields) if (!this.base.has(f.name)) this.declared.set(f.name, f.type);
  }

  /** The role of a column already seen, or undefined. */
  roleOf(name: string): ColumnRole | undefined {
    return this.roles.get(name);
  }

  /** Classifies a column seen for the first time. */
  classify(name: string): Classified {
    const c = this.decide(name);
    this.roles.set(name, c.role);
    return c;
  }

  private decide(name: string): Classified {
    if (this.base.has(name)) return { role: { role: 'base' } };
    if (!this.kind.attributes)
      return {
        role: { role: 'ignored' },
        warning: `column "${name}" is not an ${this.kind.noun} column (${[...this.base].join(', ')}); it was ignored`,
      };
    const reserved = this.kind.reserved.get(name);
    if (reserved !== undefined || name === '__proto__')
      return {
        role: { role: 'rejected' },
        problem: `"${name}" cannot be an attribute: ${reserved ?? 'it is a reserved name'}`,
      };
    if (!FIELD_NAME_RE.test(name)) {
      return {
        role: { role: 'rejected' },
        problem: `"${name}" is not a valid field name (letters, digits and _, not starting with a digit); rename the column`,
      };
    }
    const type = this.declared.get(name);
    if (type !== undefined) return { role: { role: 'attribute', type, inferred: false } };
    if (this.infer) return { role: { role: 'pending' } };
    return {
      role: { role: 'rejected' },
      problem: `"${name}" is not a declared field of the data graph; declare it, or import with inferUndeclared`,
    };
  }

  /** Fixes the type of a pending column (inferred from sample values). */
  settle(name: string, type: FieldType): void {
    this.roles.set(name, { role: 'attribute', type, inferred: true });
    this.inferred.push({ name, type });
  }

  /** Columns whose type is still to be inferred. */
  pending(): string[] {
    return [...this.roles].filter(([, r]) => r.role === 'pending').map(([n]) => n);
  }
}
