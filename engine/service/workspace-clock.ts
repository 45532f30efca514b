import { fail, ok, type Result } from '../model/errors.ts';
import { isoOf, parseIsoTime } from '../model/time.ts';
import type { WorkspaceStore } from '../store/index.ts';

/** workspace_meta key of a clock the user set (absent: the clock follows the end of the data). */
export const CLOCK_META_KEY = 'clock';

/** Where the workspace's time comes from. */
export type ClockSource = 'set' | 'data' | 'created';

/** The workspace's simulation time: what every command and screen without an explicit as-of runs at. */
export interface WorkspaceClock {
  /** The workspace time, canonical UTC. */
  time: string;
  timeMs: number;
  /** `set`: chosen with `workbench clock --set`; `data`: the end of the data; `created`: an empty workspace's creation time. */
  source: ClockSource;
  /** The end of the data: the latest engagement event, or the sample's end (`init --now`), whichever is later. */
  endOfData: string | null;
}

/** The sample's recorded end (`init --sample retail --now T`), or undefined. */
function sampleEnd(store: WorkspaceStore): number | undefined {
  const text = store.getMeta('sample');
  if (!text) return undefined;
  const endsAt = (JSON.parse(text) as { endsAt?: unknown }).endsAt;
  return typeof endsAt === 'string' ? parseIsoTime(endsAt) : undefined;
}

/** The end of the workspace's data: the latest event of any data space, or the sample's end if later. */
export function endOfData(store: WorkspaceStore): number | undefined {
  let end = sampleEnd(store);
  for (const s of store.listDataSpaces()) {
    const id = store.dataSpaceId(s.apiName);
    const last = id === undefined ? undefined : store.eventTimeRange(id)?.last;
    const ms = last === undefined ? undefined : parseIsoTime(last);
    if (ms !== undefined && (end === undefined || ms > end)) end = ms;
  }
  return end;
}

/**
 * The workspace clock (DESIGN.md "Simulated time"): the time set by the user, else the end of the
 * data, else — a workspace without data — its creation time. Never the machine's clock: the same
 * workspace gives the same answers whenever it is opened.
 */
export function workspaceClock(store: WorkspaceStore): WorkspaceClock {
  const end = endOfData(store);
  const endIso = end === undefined ? null : isoOf(end);
  const set = store.getMeta(CLOCK_META_KEY);
  const setMs = set === undefined ? undefined : parseIsoTime(set);
  if (setMs !== undefined) return { time: isoOf(setMs), timeMs: setMs, source: 'set', endOfData: endIso };
  if (end !== undefined) return { time: isoOf(end), timeMs: end, source: 'data', endOfData: endIso };
  const created = parseIsoTime(store.getMeta('created_at') ?? '') ?? 0;
  return { time: isoOf(created), timeMs: created, source: 'created', endOfData: null };
}

/**
 * Sets the workspace clock to an ISO time, or back to the end of the data with null. The one write
 * of the clock; a read-only workspace refuses it.
 */
export function setWorkspaceClock(store: WorkspaceStore, time: string | null): Result<WorkspaceClock> {
  if (store.readonly)
    return fail('InvalidRequest', `${store.file} is open read-only; cannot set the workspace clock`, {
      field: 'set',
    });
  if (time === null) store.deleteMeta(CLOCK_META_KEY);
  else {
    const ms = parseIsoTime(time);
    if (ms === undefined)
      return fail(
        'InvalidInput',
        `clock time "${time}" is not an ISO-8601 time with a time zone (e.g. 2026-03-01T00:00:00Z)`,
        { field: 'set', path: '$.time' },
      );
    store.setMeta(CLOCK_META_KEY, isoOf(ms));
  }
  return ok(workspaceClock(store));
}
