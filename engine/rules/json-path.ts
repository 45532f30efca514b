/** JSON paths of rule nodes, in the same notation as config validation: $.and[1]["=="][0]. */

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Appends an object key (an operator name) to a path. */
export function keyPath(base: string, key: string): string {
  return IDENTIFIER.test(key) ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;
}

/** Appends an array index to a path. */
export const indexPath = (base: string, index: number): string => `${base}[${index}]`;
