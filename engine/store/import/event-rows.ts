import type { Connection } from '../connection.ts';
import { dataSpaceApiName } from '../data-spaces.ts';
import { EventWriter, type StoredEvent } from '../events.ts';
import { eventTypeCode } from '../event-types.ts';
import { itemPkMap } from '../items.ts';
import { sourceIdLookup } from '../identity-lookup.ts';
import { quote } from './coerce-value.ts';
import { readBase, readId, readTimestamp, type RowKind } from './row-kind.ts';

/** Engagement events (browse, cart, order): appended; ids must name existing individuals and items. */
export function eventRows(c: Connection, spaceId: number): RowKind<StoredEvent> {
  const writer = new EventWriter(c, spaceId);
  const space = dataSpaceApiName(c, spaceId) ?? String(spaceId);
  const items = itemPkMap(c, spaceId);
  const findIndividual = c.stmt('SELECT pk FROM individuals WHERE space_id = ? AND id = ?').pluck();
  // Event files are often grouped by individual: remember the last lookup.
  let lastId: string | undefined;
  let lastPk: number | undefined;
  // An id that is no individual's may be a source id: identity resolution maps it to its unified individual.
  const sourceIds = sourceIdLookup(c, spaceId);
  let lastProblem: string | undefined;
  const individualPk = (id: string): number | undefined => {
    if (id !== lastId) {
      lastId = id;
      lastPk = findIndividual.get(spaceId, id) as number | undefined;
      lastProblem = undefined;
      if (lastPk === undefined) {
        const t = sourceIds(id);
        if (t && 'pk' in t) lastPk = t.pk;
        else lastProblem = t?.problem;
      }
    }
    return lastPk;
  };

  return {
    columns: {
      required: ['individualId', 'itemId', 'type', 'timestamp'],
      optional: ['quantity', 'price'],
      attributes: false,
      reserved: new Map(),
      noun: 'event',
    },
    check(values, _attributes, _loc, issues) {
      const before = issues.length;
      const individualId = readId(values, 'individualId', issues);
      const itemId = readId(values, 'itemId', issues);
      const type = readBase(values, 'type', 'string', true, issues);
      const ts = readTimestamp(values, 'timestamp', issues);
      const quantity = readBase(values, 'quantity', 'number', false, issues) ?? 1;
      const price = readBase(values, 'price', 'number', false, issues) ?? null;

      let typeCode: number | undefined;
      if (typeof type === 'string') {
        typeCode = eventTypeCode(type.trim().toLowerCase());
        if (typeCode === undefined)
          issues.push({
            field: 'type',
            message: `type: ${quote(type)} is not an engagement type (browse, cart or order)`,
          });
      }
      if (typeof quantity === 'number') {
        if (!Number.isInteger(quantity))
          issues.push({ field: 'quantity', message: `quantity: ${quantity} is not a whole number` });
        else if (quantity < 0) issues.push({ field: 'quantity', message: `quantity: ${quantity} is negative` });
      }
      if (typeof price === 'number' && price < 0)
        issues.push({ field: 'price', message: `price: ${price} is negative` });
      const iPk = typeof individualId === 'string' ? individualPk(individualId) : undefined;
      if (typeof individualId === 'string' && iPk === undefined) {
        issues.push({
          field: 'individualId',
          message: lastProblem
            ? `individualId: ${lastProblem}`
            : `individualId: ${quote(individualId)} is not an individual of data space "${space}" (import the profiles first)`,
        });
      }
      const itemPk = typeof itemId === 'string' ? items.get(itemId) : undefined;
      if (typeof itemId === 'string' && itemPk === undefined) {
        issues.push({
          field: 'itemId',
          message: `itemId: ${quote(itemId)} is not an item of data space "${space}" (import the items first)`,
        });
      }
      if (issues.length > before) return undefined;
      return {
        individualPk: iPk!,
        itemPk: itemPk!,
        typeCode: typeCode!,
        ts: ts!,
        quantity: quantity as number,
        price: price as number | null,
      };
    },
    write: (e) => writer.write(e),
    finish() {
      writer.finish();
      return { inserted: writer.inserted, updated: 0 };
    },
  };
}
