import { fail, ok, type Result } from '../model/errors.ts';

/** Parses JSON text; a syntax error names the file, line and column. */
export function parseJsonText(text: string, file: string): Result<unknown> {
  try {
    return ok(JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown);
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /position (\d+)/.exec(msg);
    let line: number | undefined;
    let column: number | undefined;
    if (pos) {
      const before = text.slice(0, Number(pos[1]));
      line = before.split('\n').length;
      column = before.length - before.lastIndexOf('\n');
    } else if (/Unexpected end of JSON input/.test(msg)) {
      line = text.split('\n').length;
    }
    const where = line !== undefined ? `${file}:${line}${column !== undefined ? `:${column}` : ''}` : file;
    return fail(
      'InvalidInput',
      `${where}: invalid JSON (${msg.replace(/^JSON\.parse: /, '')}${/end of JSON/.test(msg) ? '; is the file truncated?' : ''})`,
      { file, ...(line !== undefined ? { line } : {}) },
    );
  }
}
