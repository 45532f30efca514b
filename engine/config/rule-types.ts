import {
  ITEM_BASE_FIELDS,
  type DataSpaceConfig,
  type FieldType,
  type ItemDataGraph,
  type ProfileDataGraph,
} from '../model/index.ts';
import type { TypedOperand, VarSite, VarTypes } from '../rules/index.ts';

/** Fields of every engagement row (Product Browse, Shopping Cart, Product Order) and their types. */
export const ENGAGEMENT_ROW_TYPES: Readonly<Record<string, FieldType>> = {
  itemId: 'string',
  type: 'string',
  timestamp: 'datetime',
  quantity: 'number',
  price: 'number',
};

/**
 * The type of an item field copied onto engagement rows: a base field of every Goods Product, or
 * an extra field the item data graphs agree on (undefined when none defines it or they disagree).
 */
function itemFieldType(name: string, itemGraphs: readonly ItemDataGraph[]): FieldType | undefined {
  const base = ITEM_BASE_FIELDS.find((f) => f.name === name);
  if (base) return base.type;
  const types = new Set(itemGraphs.flatMap((g) => g.fields.filter((f) => f.name === name).map((f) => f.type)));
  return types.size === 1 ? [...types][0] : undefined;
}

/**
 * What each var of a rule over a profile data graph reads, from the graph definition: root
 * attributes by their field type, the id (string), segment memberships (a list of names),
 * calculated insights under ci (numbers) and the fields of engagement rows.
 */
export function profileVarTypes(graph: ProfileDataGraph, space: Pick<DataSpaceConfig, 'itemDataGraphs'>): VarTypes {
  const rowField = (name: string, object: string): TypedOperand | undefined => {
    const type = ENGAGEMENT_ROW_TYPES[name] ?? itemFieldType(name, space.itemDataGraphs);
    return type === undefined ? undefined : { type, name: `${object} row field "${name}"` };
  };
  return (site: VarSite): TypedOperand | undefined => {
    const [head, second, ...rest] = site.path.split('.');
    if (site.scope === 'element') {
      const m = site.iterating?.match(/^engagement\.(browse|cart|order)$/);
      return m && rest.length === 0 && second === undefined ? rowField(head!, m[1]!) : undefined;
    }
    if (head === 'id' && second === undefined) return { type: 'string', name: 'the individual id "id"' };
    if (head === 'segments' && second === undefined) return { type: 'list', name: 'segment memberships "segments"' };
    if (head === 'ci')
      return second !== undefined && rest.length === 0 && graph.calculatedInsights.includes(second)
        ? { type: 'number', name: `calculated insight "${second}"` }
        : undefined;
    if (head === 'engagement') {
      // engagement.browse.0.price: one row's field.
      const [index, field, ...more] = rest;
      return second !== undefined && /^\d+$/.test(index ?? '') && field !== undefined && more.length === 0
        ? rowField(field, second)
        : undefined;
    }
    const f = graph.fields.find((x) => x.name === head);
    return f && second === undefined ? { type: f.type, name: `field "${f.name}"` } : undefined;
  };
}
