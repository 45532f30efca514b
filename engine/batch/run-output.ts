import { extname } from 'node:path';
import { fail, ok, type Result } from '../model/errors.ts';
import type { Campaign } from '../model/index.ts';
import { isoOf } from '../model/time.ts';
import type { RunOutputSpec } from '../store/index.ts';
import { OUTPUT_EXTENSIONS } from '../config/output-path.ts';
import { checkOutputTarget, resolveOutputPath } from './output-target.ts';

/** The file format an output path names by its extension. */
export function formatOfPath(path: string): 'jsonl' | 'csv' | undefined {
  return OUTPUT_EXTENSIONS[extname(path).toLowerCase()];
}

/** A file-name-safe slug of a campaign name: "Nightly Email Recs" → "nightly-email-recs". */
export const campaignSlug = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '') || 'campaign';

/**
 * Where a run writes: `--out FILE` (format from its extension) overrides the campaign's output; a
 * campaign file output without a path writes `<campaign-slug>-<as-of>.<format>`. Relative paths
 * (of `--out` and of the config) are inside the workspace's outputs folder (`<ws>.outputs/`, made on
 * demand); only `--out` may name an absolute path. The target is never the workspace or an SQLite
 * file, and an existing file is replaced only with `overwrite`.
 */
export function resolveRunOutput(
  campaign: Campaign,
  workspaceFile: string,
  asOfMs: number,
  out?: string,
  overwrite = false,
): Result<RunOutputSpec> {
  let spec: RunOutputSpec;
  if (out !== undefined) {
    const path = resolveOutputPath(workspaceFile, out, { allowAbsolute: true, field: 'out' });
    if (!path.ok) return fail(path.error.code, `--out ${path.error.message}`, { field: 'out' });
    spec = { kind: 'file', format: formatOfPath(path.data)!, path: path.data };
  } else if (campaign.output.kind === 'file') {
    const stamp = isoOf(asOfMs)
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}Z$/, 'Z');
    const given = campaign.output.path ?? `${campaignSlug(campaign.name)}-${stamp}.${campaign.output.format}`;
    const path = resolveOutputPath(workspaceFile, given, { allowAbsolute: false, field: 'output.path' });
    if (!path.ok)
      return fail(path.error.code, `campaign "${campaign.name}" output path: ${path.error.message}`, path.error);
    spec = {
      kind: 'file',
      format:
        campaign.output.path !== undefined
          ? (formatOfPath(path.data) ?? campaign.output.format)
          : campaign.output.format,
      path: path.data,
    };
  } else if (campaign.output.kind === 'records') {
    spec = { kind: 'records', table: campaign.output.table };
  } else {
    spec = { kind: 'stream', stream: campaign.output.stream };
  }
  if (spec.kind === 'file') {
    const checked = checkOutputTarget(workspaceFile, spec.path, {
      overwrite,
      field: out !== undefined ? 'out' : 'output.path',
      flag: '--overwrite',
    });
    if (!checked.ok) return checked;
  }
  return ok(spec);
}

/** A one-line description of an output, for summaries. */
export function describeOutput(o: RunOutputSpec): string {
  if (o.kind === 'file') return `${o.format.toUpperCase()} file ${o.path}`;
  if (o.kind === 'records') return `records table ${o.table}`;
  return `event stream ${o.stream}`;
}
