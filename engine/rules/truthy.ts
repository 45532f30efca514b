/**
 * JSONLogic truthiness (jsonlogic.com/truthy): JavaScript truthiness, except that an empty
 * array is falsy. So 0, "", null, false, NaN and [] are falsy; "0", {} and [0] are truthy.
 */
export function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length !== 0;
  return !!value;
}
