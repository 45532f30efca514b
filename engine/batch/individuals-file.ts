import { readFile } from 'node:fs/promises';
import { fail, ok, type Result } from '../model/errors.ts';

/**
 * Reads an explicit list of individual ids: one per line (a first line `id` or `individualId`
 * is a header; blank lines and lines starting with # are skipped). The run processes them in id
 * order, each once.
 */
export async function readIndividualsFile(file: string): Promise<Result<string[]>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    return fail(
      'InvalidInput',
      `${file}: cannot read the individuals file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      { file, field: 'individuals' },
    );
  }
  if (text.includes('\u0000'))
    return fail('InvalidInput', `${file}: not a text file of individual ids (one per line)`, {
      file,
      field: 'individuals',
    });
  const ids: string[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (ids.length === 0 && i === 0 && (line === 'id' || line === 'individualId')) continue;
    // Messages never quote the file's content: the file named may be any file on the machine.
    if (/[,\t]/.test(line))
      return fail('InvalidInput', `${file}:${i + 1}: expected one individual id per line, found a comma or a tab`, {
        file,
        line: i + 1,
      });
    ids.push(line);
  }
  if (ids.length === 0) return fail('InvalidInput', `${file}: no individual ids (one per line)`, { file });
  return ok(ids);
}
