/**
 * Finds where a JSON text first goes wrong, because JSON.parse's messages do not always carry a
 * position. Only called after JSON.parse has failed, so it favours clarity over speed.
 */

/** The offset (0-based, in UTF-16 code units) and reason of the first JSON syntax error. */
export interface JsonErrorLocation {
  offset: number;
  reason: string;
}

class JsonSyntaxError extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

const describeChar = (text: string, i: number): string =>
  i >= text.length ? 'the end of the input' : JSON.stringify(text[i]);

/** Returns the first syntax error of a JSON text, or undefined when it is valid JSON. */
export function locateJsonError(text: string): JsonErrorLocation | undefined {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const err = (reason: string): never => {
    throw new JsonSyntaxError(i, reason);
  };
  const expect = (what: string, ok: boolean): void => {
    if (!ok) err(`expected ${what}, found ${describeChar(text, i)}`);
  };
  const literal = (word: string): void => {
    for (const ch of word) {
      if (text[i] !== ch) err(`expected ${word}, found ${describeChar(text, i)}`);
      i++;
    }
  };
  const string = (): void => {
    i++; // opening quote
    for (;;) {
      if (i >= text.length) err('unterminated string');
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c < 0x20) err('control character in a string (newlines must be written as \\n)');
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) err('invalid \\u escape');
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else err(`invalid escape ${describeChar(text, i + 1)}`);
      } else i++;
    }
  };
  const number = (): void => {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) err('invalid number');
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        expect('a property name in double quotes', text[i] === '"');
        string();
        ws();
        expect("':'", text[i] === ':');
        i++;
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        expect("',' or '}'", text[i] === '}');
        i++;
        return;
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        expect("',' or ']'", text[i] === ']');
        i++;
        return;
      }
    }
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    err(
      i >= text.length
        ? 'unexpected end of the input (the file looks truncated)'
        : `unexpected ${describeChar(text, i)}`,
    );
  };
  try {
    value();
    ws();
    if (i < text.length) err(`unexpected ${describeChar(text, i)} after the end of the JSON value`);
    return undefined;
  } catch (e) {
    if (e instanceof JsonSyntaxError) {
      const reason =
        e.offset >= text.length && !e.reason.startsWith('unexpected end')
          ? `${e.reason} (the file looks truncated)`
          : e.reason;
      return { offset: e.offset, reason };
    }
    if (e instanceof RangeError) return undefined; // nested deeper than the stack: no location
    throw e;
  }
}

/** 1-based line and column of an offset in a text. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
