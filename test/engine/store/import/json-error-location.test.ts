import { describe, expect, it } from 'vitest';
import { lineAndColumn, locateJsonError } from '../../../../engine/store/import/json-error-location.ts';

const at = (text: string) => {
  const loc = locateJsonError(text);
  return loc && { ...lineAndColumn(text, loc.offset), reason: loc.reason };
};

describe('locateJsonError', () => {
  it('finds nothing in valid JSON', () => {
    expect(locateJsonError('[{"a": 1, "b": [true, null, "x\\n"]}, -1.5e3]')).toBeUndefined();
  });

  it.each([
    ['[{"a": 1,}]', 1, 10, /expected a property name/],
    ['[\n  {"a": 1},\n  {"a": tru}\n]', 3, 12, /expected true, found "}"/],
    ['[\n  {"a": 1}\n  {"a": 2}\n]', 3, 3, /expected ',' or '\]'/],
    ['[{"a": "abc', 1, 12, /unterminated string/],
    ['[{"a": 1}', 1, 10, /the file looks truncated/],
    ['{"a": 01}', 1, 8, /expected ',' or '}'/],
    ['[1] x', 1, 5, /after the end of the JSON value/],
    ['{"a": "tab\there"}', 1, 11, /control character/],
  ])('%j → line %i, column %i', (text, line, column, reason) => {
    const r = at(text);
    expect(r).toMatchObject({ line, column });
    expect(r?.reason).toMatch(reason);
  });
});
