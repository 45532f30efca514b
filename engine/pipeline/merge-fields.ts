/**
 * Merge fields in manual content: `{{firstName}}`, `{{ci.lifetime_value}}`, and with a default
 * `{{firstName | "there"}}`. A merge field the profile does not have renders as its default,
 * or as an empty string when it has none; either way the trace lists it as missing.
 */
export interface MergeField {
  /** The whole placeholder, e.g. {{firstName | "there"}} */
  raw: string;
  /** Dotted path into the profile data, e.g. firstName or ci.lifetime_value */
  path: string;
  defaultValue: string | undefined;
}

export type TemplatePart = string | MergeField;

const PLACEHOLDER =
  /\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)\s*(?:\|\s*(?:"((?:[^"\\]|\\.)*)"|([^}]*?)))?\s*\}\}/g;

/** Splits a template string into literal text and merge fields. */
export function parseTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    if (m.index > last) parts.push(template.slice(last, m.index));
    const quoted = m[2];
    const bare = m[3]?.trim();
    parts.push({
      raw: m[0],
      path: m[1]!,
      defaultValue: quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : bare ? bare : undefined,
    });
    last = m.index + m[0].length;
  }
  if (last < template.length) parts.push(template.slice(last));
  return parts;
}

/** Text that looks like a merge field but is not one the parser accepts (for save-time checks). */
export function malformedPlaceholders(template: string): string[] {
  const stripped = template.replace(PLACEHOLDER, '');
  return [...stripped.matchAll(/\{\{[^}]*\}\}?/g)].map((m) => m[0]);
}

/** Reads a dotted path from profile data; undefined when any step is missing. */
export function readPath(data: unknown, path: string): unknown {
  let cur: unknown = data;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** Renders parsed template parts against profile data; returns the text and missing paths. */
export function renderTemplate(parts: readonly TemplatePart[], data: unknown): { text: string; missing: string[] } {
  let text = '';
  const missing: string[] = [];
  for (const part of parts) {
    if (typeof part === 'string') {
      text += part;
      continue;
    }
    const v = readPath(data, part.path);
    if (v === undefined || v === null || v === '' || typeof v === 'object') {
      missing.push(part.path);
      text += part.defaultValue ?? '';
    } else {
      text += String(v);
    }
  }
  return { text, missing };
}
