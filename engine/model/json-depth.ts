/**
 * The nesting limit of JSON input (configs, operation inputs): schema checks and rule parsing
 * recurse once per level, so input nested deeper than this is refused before any of them runs,
 * with the JSON path where it goes over, instead of overflowing the stack. Rules have a tighter
 * limit of their own (RULE_DEPTH_LIMIT, docs/rules.md "Budgets").
 */
export const JSON_DEPTH_LIMIT = 1000;

/** Where `value` nests deeper than `limit` levels (objects and arrays), as a JSON path; undefined when it does not. */
export function tooDeepAt(value: unknown, limit = JSON_DEPTH_LIMIT): string | undefined {
  // Iterative on purpose: a recursive walk would overflow on exactly the input it is meant to refuse.
  interface Frame {
    value: unknown;
    depth: number;
    parent: Frame | undefined;
    key: string | number | undefined;
  }
  const stack: Frame[] = [{ value, depth: 0, parent: undefined, key: undefined }];
  while (stack.length > 0) {
    const f = stack.pop()!;
    if (f.value === null || typeof f.value !== 'object') continue;
    if (f.depth >= limit) return pathOf(f);
    if (Array.isArray(f.value))
      f.value.forEach((v, i) => stack.push({ value: v, depth: f.depth + 1, parent: f, key: i }));
    else for (const [k, v] of Object.entries(f.value)) stack.push({ value: v, depth: f.depth + 1, parent: f, key: k });
  }
  return undefined;

  function pathOf(f: Frame): string {
    const keys: (string | number)[] = [];
    for (let x: Frame | undefined = f; x?.key !== undefined; x = x.parent) keys.push(x.key);
    let out = '$';
    for (const k of keys.reverse()) {
      if (typeof k === 'number') out += `[${k}]`;
      else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k)) out += `.${k}`;
      else out += `[${JSON.stringify(k)}]`;
    }
    return out;
  }
}

/** The message for input nested too deep. */
export const tooDeepMessage = (limit = JSON_DEPTH_LIMIT): string =>
  `nested more than ${limit.toLocaleString('en-US')} levels deep (the limit of JSON input; a rule may nest at most 100 levels, docs/rules.md "Budgets")`;
