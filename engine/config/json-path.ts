/** Builds JSON paths like $.dataSpaces[0].personalizationPoints[1] from path segments. */
export function jsonPath(segments: ReadonlyArray<string | number | symbol>): string {
  let out = '$';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (typeof s === 'string' && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(s)) out += `.${s}`;
    else out += `[${JSON.stringify(String(s))}]`;
  }
  return out;
}

/** Appends a path relative to a rule ($.and[1]) to the path of the rule itself. */
export const joinPath = (base: string, relative: string): string =>
  relative === '$' ? base : base + relative.slice(1);
