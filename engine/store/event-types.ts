import type { EngagementType } from '../model/data-graph.ts';

/** Stored codes of the engagement types (events.type; the event_types table names them). */
export const EVENT_TYPE_CODES: Readonly<Record<EngagementType, number>> = { browse: 1, cart: 2, order: 3 };

const NAMES: Readonly<Record<number, EngagementType>> = { 1: 'browse', 2: 'cart', 3: 'order' };

/** The engagement type of a stored code; throws (a bug) on a code the schema forbids. */
export function eventTypeName(code: number): EngagementType {
  const name = NAMES[code];
  if (!name) throw new Error(`unknown stored event type code ${code}`);
  return name;
}

/** The stored code of an engagement type name, or undefined when it is not one. */
export function eventTypeCode(name: string): number | undefined {
  return Object.hasOwn(EVENT_TYPE_CODES, name) ? EVENT_TYPE_CODES[name as EngagementType] : undefined;
}
