import type { Field, MatchMode } from 'react-querybuilder';
import type { ProfileDataGraph } from '../../../engine/model/data-graph.ts';
import { operatorsFor } from './operators.ts';

/** Builder fields for calculated insights are named `ci:<name>` and written as `{"ci": name}`. */
export const CI_FIELD_PREFIX = 'ci:';
/** The pseudo-field of segment membership (`in_segment`); the document's `segments` array. */
export const SEGMENTS_FIELD = 'segments';

export type FieldKind = 'string' | 'number' | 'boolean' | 'datetime' | 'date' | 'segments' | 'insight' | 'id';

/** A react-querybuilder field plus what the value editor needs to type its values. */
export interface BuilderField extends Field {
  kind: FieldKind;
  /** Offered values (segments, booleans). */
  choices?: string[];
}

const ENGAGEMENT_LABELS: Record<'browse' | 'cart' | 'order', string> = {
  browse: 'Product Browse',
  cart: 'Shopping Cart',
  order: 'Product Order',
};
const MATCH_MODES: { name: MatchMode; value: MatchMode; label: string }[] = [
  { name: 'some', value: 'some', label: 'at least one row' },
  { name: 'all', value: 'all', label: 'every row' },
  { name: 'none', value: 'none', label: 'no row' },
  { name: 'atLeast', value: 'atLeast', label: 'at least N rows' },
  { name: 'atMost', value: 'atMost', label: 'at most N rows' },
  { name: 'exactly', value: 'exactly', label: 'exactly N rows' },
];

const field = (name: string, label: string, kind: FieldKind, extra: Partial<BuilderField> = {}): BuilderField => ({
  name,
  value: name,
  label,
  kind,
  operators: operatorsFor(kind),
  inputType: kind === 'number' || kind === 'insight' ? 'number' : kind === 'boolean' ? 'checkbox' : 'text',
  ...extra,
});

/** Fields of an engagement row (plus the item fields the graph copies onto each row). */
export function engagementRowFields(itemFields: readonly string[]): BuilderField[] {
  return [
    field('timestamp', 'timestamp', 'datetime'),
    field('itemId', 'itemId', 'string'),
    field('type', 'type', 'string'),
    field('quantity', 'quantity', 'number'),
    field('price', 'price', 'number'),
    ...itemFields.map((f) => field(f, f, 'string')),
  ];
}

/**
 * The fields a targeting rule may read on a profile data graph: root attributes (typed), the
 * individual id, segment membership, calculated insights and the engagement objects (as
 * subqueries with match modes: some / all / none / at least N …).
 */
export function profileGraphFields(graph: ProfileDataGraph | undefined, segments: readonly string[]): BuilderField[] {
  if (!graph) return [field('id', 'Individual id', 'id')];
  const out: BuilderField[] = graph.fields.map((f) =>
    field(f.name, f.label ? `${f.label} (${f.name})` : f.name, f.type),
  );
  out.push(field('id', 'Individual id', 'id'));
  out.push(field(SEGMENTS_FIELD, 'Segment membership', 'segments', { choices: [...segments] }));
  for (const ci of graph.calculatedInsights)
    out.push(field(CI_FIELD_PREFIX + ci, `Calculated insight: ${ci}`, 'insight'));
  const rowFields = engagementRowFields(graph.engagement.itemFields);
  for (const type of ['browse', 'cart', 'order'] as const) {
    if (!graph.engagement[type].include) continue;
    out.push({
      ...field(`engagement.${type}`, `${ENGAGEMENT_LABELS[type]} rows`, 'string'),
      matchModes: MATCH_MODES,
      subproperties: rowFields,
    });
  }
  return out;
}

/**
 * Fields a rule references that the graph does not define are still listed (labelled unknown),
 * so the builder shows the rule as written; saving reports them at their JSON path.
 */
export function withReferencedFields(fields: BuilderField[], referenced: Iterable<string>): BuilderField[] {
  const known = new Set(fields.map((f) => f.name));
  const extra: BuilderField[] = [];
  for (const name of referenced) {
    if (known.has(name)) continue;
    known.add(name);
    extra.push(
      name.startsWith(CI_FIELD_PREFIX)
        ? field(name, `Calculated insight: ${name.slice(CI_FIELD_PREFIX.length)} (not in graph)`, 'insight')
        : field(name, `${name} (unknown field)`, 'string'),
    );
  }
  return extra.length > 0 ? [...fields, ...extra] : fields;
}
