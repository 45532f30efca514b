import { existsSync, statSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { fail, ok, type Result } from '../model/errors.ts';
import type { Campaign } from '../model/index.ts';
import { isoOf } from '../model/time.ts';
import type { RunOutputSpec } from '../store/index.ts';

/** The file format an output path names by its extension. */
export function formatOfPath(path: string): 'jsonl' | 'csv' | undefined {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.jsonl' || ext === '.ndjson' || ext === '.json') return 'jsonl';
  return undefined;
}

/** A file-name-safe slug of a campaign name: "Nightly Email Recs" → "nightly-email-recs". */
export const campaignSlug = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '') || 'campaign';

/**
 * Where a run writes: `--out FILE` (format from its extension, relative to the working directory)
 * overrides the campaign's output; a campaign file output without a path writes
 * `<campaign-slug>-<as-of>.<format>` beside the workspace; relative config paths are relative to
 * the workspace file's directory.
 */
export function resolveRunOutput(
  campaign: Campaign,
  workspaceFile: string,
  asOfMs: number,
  out?: string,
): Result<RunOutputSpec> {
  let spec: RunOutputSpec;
  if (out !== undefined) {
    const format = formatOfPath(out);
    if (!format)
      return fail('InvalidInput', `--out ${out}: the file name must end in .jsonl (or .ndjson) or .csv`, {
        field: 'out',
      });
    spec = { kind: 'file', format, path: resolve(out) };
  } else if (campaign.output.kind === 'file') {
    const base = dirname(resolve(workspaceFile));
    const stamp = isoOf(asOfMs)
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}Z$/, 'Z');
    const path =
      campaign.output.path !== undefined
        ? resolve(base, campaign.output.path)
        : join(base, `${campaignSlug(campaign.name)}-${stamp}.${campaign.output.format}`);
    spec = {
      kind: 'file',
      format:
        campaign.output.path !== undefined ? (formatOfPath(path) ?? campaign.output.format) : campaign.output.format,
      path,
    };
  } else if (campaign.output.kind === 'records') {
    spec = { kind: 'records', table: campaign.output.table };
  } else {
    spec = { kind: 'stream', stream: campaign.output.stream };
  }
  if (spec.kind === 'file') {
    const dir = dirname(spec.path);
    if (!existsSync(dir) || !statSync(dir).isDirectory())
      return fail('InvalidInput', `${spec.path}: the directory ${dir} does not exist`, {
        file: spec.path,
        field: 'out',
      });
    if (existsSync(spec.path) && statSync(spec.path).isDirectory())
      return fail('InvalidInput', `${spec.path} is a directory; give a file name`, { file: spec.path, field: 'out' });
  }
  return ok(spec);
}

/** A one-line description of an output, for summaries. */
export function describeOutput(o: RunOutputSpec): string {
  if (o.kind === 'file') return `${o.format.toUpperCase()} file ${o.path}`;
  if (o.kind === 'records') return `records table ${o.table}`;
  return `event stream ${o.stream}`;
}
