// The rules a file output's path in the config follows, as plain string checks (config saving and
// run preparation share them): a config shared through git never decides which file a run overwrites.

/** The extensions an output or export file may have, and the format each names. */
export const OUTPUT_EXTENSIONS: Readonly<Record<string, 'jsonl' | 'csv'>> = {
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.json': 'jsonl',
  '.csv': 'csv',
};

/** The lower-cased extension of a file name ('' when it has none). */
export function extensionOf(path: string): string {
  const name = path.split(/[\\/]/).pop() ?? '';
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot).toLowerCase() : '';
}

/** Why a file name cannot hold an output, or undefined. */
export const extensionProblem = (path: string): string | undefined =>
  OUTPUT_EXTENSIONS[extensionOf(path)] === undefined
    ? 'the file name must end in .jsonl (or .ndjson) or .csv'
    : undefined;

/** Whether a path is absolute on POSIX or Windows (/x, \x, C:x). */
export const looksAbsolute = (path: string): boolean => /^([\\/]|[a-zA-Z]:)/.test(path);

/**
 * Why a relative output path (of a config, or relative `--out`) cannot be used, or undefined: it
 * must stay inside the workspace's outputs folder (no absolute path, no `..`) and end in .jsonl,
 * .ndjson, .json or .csv.
 */
export function relativeOutputPathProblem(path: string): string | undefined {
  if (path.includes('\u0000')) return 'the path holds a NUL character';
  if (looksAbsolute(path))
    return "an absolute path is not allowed here: name a file inside the workspace's outputs folder (e.g. nightly.jsonl); an absolute path can be given only on the command line (--out)";
  if (path.split(/[\\/]/).includes('..')) return '".." would leave the workspace\'s outputs folder';
  return extensionProblem(path);
}
