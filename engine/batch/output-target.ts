import {
  closeSync,
  existsSync,
  linkSync,
  mkdirSync,
  openSync,
  readSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
} from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { extensionProblem, relativeOutputPathProblem } from '../config/output-path.ts';
import { fail, ok, type Result } from '../model/errors.ts';

// Where runs and exports may write, and how: under the workspace's outputs folder (or an absolute
// path a person typed), never onto the workspace, its journal files or any SQLite database, never
// over an existing file unless asked, and always through a temporary file renamed into place.

/** The outputs folder of a workspace: `<dir>/<name>.outputs/` beside `<dir>/<name>.sqlite`. */
export function outputsDir(workspaceFile: string): string {
  const abs = resolve(workspaceFile);
  const name = basename(abs, extname(abs)) || basename(abs);
  return join(dirname(abs), `${name}.outputs`);
}

/** Resolves an output path: relative → inside the workspace's outputs folder; absolute as given when allowed. */
export function resolveOutputPath(
  workspaceFile: string,
  path: string,
  opts: { allowAbsolute: boolean; field: string },
): Result<string> {
  if (isAbsolute(path)) {
    const problem = opts.allowAbsolute ? extensionProblem(path) : relativeOutputPathProblem(path);
    if (problem) return fail('InvalidInput', `${path}: ${problem}`, { field: opts.field });
    return ok(resolve(path));
  }
  const problem = relativeOutputPathProblem(path);
  if (problem) return fail('InvalidInput', `${path}: ${problem}`, { field: opts.field });
  const root = outputsDir(workspaceFile);
  const full = resolve(root, path);
  const rel = relative(root, full);
  if (rel.startsWith('..') || isAbsolute(rel))
    return fail('InvalidInput', `${path}: it would leave the workspace's outputs folder`, { field: opts.field });
  return ok(full);
}

const SQLITE_MAGIC = 'SQLite format 3\u0000';

/** Whether an existing file starts with SQLite's header (only the 16 magic bytes are read, never shown). */
export function isSqliteFile(file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return false;
  }
  try {
    const buf = Buffer.alloc(16);
    const n = readSync(fd, buf, 0, 16, 0);
    return n === 16 && buf.toString('latin1') === SQLITE_MAGIC;
  } finally {
    closeSync(fd);
  }
}

/** The real path of a file that may not exist yet (its folder resolved, its name kept). */
function realTarget(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    try {
      return join(realpathSync(dirname(file)), basename(file));
    } catch {
      return resolve(file);
    }
  }
}

/** The workspace file and the files SQLite keeps beside it. */
function workspaceFiles(workspaceFile: string): string[] {
  const ws = realTarget(workspaceFile);
  return [ws, `${ws}-wal`, `${ws}-shm`, `${ws}-journal`];
}

/**
 * Checks that `target` may be written: not the workspace or its -wal/-shm/-journal, not a folder,
 * not an SQLite database (by its header), and absent unless `overwrite`. Creates the outputs folder
 * (and subfolders under it) on demand; any other folder must exist.
 */
export function checkOutputTarget(
  workspaceFile: string,
  target: string,
  opts: { overwrite: boolean; field: string; flag: string },
): Result<void> {
  const where = { file: target, field: opts.field };
  if (workspaceFiles(workspaceFile).includes(realTarget(target)))
    return fail(
      'InvalidInput',
      `${target} is the workspace (or one of its SQLite files); outputs never write there`,
      where,
    );
  const dir = dirname(target);
  const root = outputsDir(workspaceFile);
  const underRoot = !relative(root, dir).startsWith('..') && !isAbsolute(relative(root, dir));
  if (!existsSync(dir)) {
    if (!underRoot) return fail('InvalidInput', `${target}: the directory ${dir} does not exist`, where);
    try {
      mkdirSync(dir, { recursive: true });
    } catch (e) {
      return fail(
        'InvalidInput',
        `${target}: cannot create the folder ${dir} (${(e as NodeJS.ErrnoException).code})`,
        where,
      );
    }
  } else if (!statSync(dir).isDirectory()) {
    return fail('InvalidInput', `${target}: ${dir} is not a directory`, where);
  }
  if (!existsSync(target)) return ok(undefined);
  if (statSync(target).isDirectory()) return fail('InvalidInput', `${target} is a directory; give a file name`, where);
  if (isSqliteFile(target))
    return fail('InvalidInput', `${target} is an SQLite database; outputs never overwrite one`, where);
  if (!opts.overwrite)
    return fail('Conflict', `${target} already exists; choose another file or pass ${opts.flag} to replace it`, {
      ...where,
      field: 'overwrite',
    });
  return ok(undefined);
}

/**
 * Moves a finished temporary file to its target: a link that fails when the target exists
 * (atomic, so a file created meanwhile is never replaced) unless `overwrite`, then a rename.
 */
export function publishOutput(
  workspaceFile: string,
  tmp: string,
  target: string,
  opts: { overwrite: boolean; field: string; flag: string },
): Result<void> {
  const checked = checkOutputTarget(workspaceFile, target, opts);
  if (!checked.ok) return checked;
  try {
    if (opts.overwrite) renameSync(tmp, target);
    else {
      try {
        linkSync(tmp, target);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') throw e;
        // A file system without hard links: the check above is the guard.
        renameSync(tmp, target);
        return ok(undefined);
      }
      unlinkSync(tmp);
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST')
      return fail(
        'Conflict',
        `${target} appeared while writing; the result stays in ${tmp} (pass ${opts.flag} to replace it)`,
        {
          file: target,
          field: 'overwrite',
        },
      );
    return fail(
      'InvalidInput',
      `${target}: cannot move the finished file into place (${code ?? (e as Error).message})`,
      {
        file: target,
        field: opts.field,
      },
    );
  }
  return ok(undefined);
}
