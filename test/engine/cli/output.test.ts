import { describe, expect, it } from 'vitest';
import { escapeForTerminal, printFault, printResult, printWarnings, type Io } from '../../../engine/cli/output.ts';

const capture = (): Io & { text: () => string } => {
  let text = '';
  return { out: (t) => (text += t), err: (t) => (text += t), isTTY: false, text: () => text };
};

// eslint-disable-next-line no-control-regex
const CONTROL = /[\x1b\x07]/;
const ESC_TITLE = 'col\x1b]0;pwned\x07\x1b[2Jname';

describe('terminal output of user text', () => {
  it('escapes ESC, C0 and C1 controls but keeps tabs and newlines', () => {
    expect(escapeForTerminal('a\x1b[31mb\x00c\x9bd\x7f\te\n')).toBe('a\\u001b[31mb\\u0000c\\u009bd\\u007f\te\n');
  });

  it('escapes a hostile column name in a fault and its problems', () => {
    const io = capture();
    const code = printFault(
      io,
      {
        code: 'InvalidInput',
        message: `bad column ${ESC_TITLE}`,
        problems: [{ file: 'x.csv', line: 1, field: ESC_TITLE, message: `invalid name ${ESC_TITLE}` }],
      },
      false,
    );
    expect(code).toBe(2);
    expect(io.text()).not.toMatch(CONTROL);
    expect(io.text()).toContain('col\\u001b]0;pwned\\u0007\\u001b[2Jname');
  });

  it('escapes warnings and human results, leaves JSON output to JSON escaping', () => {
    const io = capture();
    printWarnings(io, [{ message: `skipped ${ESC_TITLE}` }]);
    printResult(io, { ok: true, data: ESC_TITLE }, false, (d) => `${d}\n`);
    expect(io.text()).not.toMatch(CONTROL);
    const json = capture();
    printResult(json, { ok: true, data: ESC_TITLE }, true, (d) => d);
    expect(json.text()).not.toMatch(CONTROL);
    expect(JSON.parse(json.text())).toBe(ESC_TITLE);
  });
});
