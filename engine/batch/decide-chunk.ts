import type { FaultCode, ProfileDocument } from '../model/index.ts';
import { decide } from '../pipeline/decide.ts';
import type { DecideEnv, PointOutcome } from '../pipeline/decide-types.ts';
import { stableId } from '../pipeline/ids.ts';
import { LOG_ENTRY_WIDTH, packLogEntry, type PackedLog } from '../store/decision-log.ts';
import { OUTPUT_ENTRY_WIDTH, type OutputEntry, type PackedOutput } from '../store/outputs.ts';
import type { RunCounters } from '../store/runs.ts';
import { csvLine, jsonlLine, type OutputEncoding } from './output-encoding.ts';
import { payloadJson } from './payload-json.ts';

/** What deciding a chunk needs besides the documents: the pipeline's sources and the run's request shape. */
export interface ChunkEnv {
  /** The pipeline's sources, except profiles (the chunk's documents are passed in). */
  decide: Omit<DecideEnv, 'profiles' | 'clock'>;
  runId: number;
  points: readonly string[];
  /** The run's as-of time, canonical ISO. */
  asOf: string;
  encoding: OutputEncoding;
}

/** Counts of one chunk (or, summed, of a run): the run's counters as the store keeps them. */
export type ChunkCounts = RunCounters;

/** One chunk decided: its decision log entries and its output, in the chunk's id order. */
export interface ChunkResult {
  index: number;
  firstId: string;
  lastId: string;
  /** Decision log entries, packed (engine/store/decision-log.ts: unpackLog reads them). */
  log: PackedLog;
  /** Output rows for records tables and event streams, packed (engine/store/outputs.ts). */
  rows?: PackedOutput;
  /** Output lines (each with its newline) for JSONL or CSV files; encodeLines turns them into the file's bytes. */
  lines?: string[];
  counts: ChunkCounts;
}

export const emptyCounts = (): ChunkCounts => ({
  individuals: 0,
  requests: 0,
  decisions: 0,
  fallbacks: 0,
  nones: 0,
  errors: 0,
  credits: 0,
  errorsByCode: {},
  caps: {},
});

/** Adds chunk counts into running totals. */
export function addCounts(into: ChunkCounts, c: ChunkCounts): void {
  into.individuals += c.individuals;
  into.requests += c.requests;
  into.decisions += c.decisions;
  into.fallbacks += c.fallbacks;
  into.nones += c.nones;
  into.errors += c.errors;
  into.credits += c.credits;
  for (const [code, n] of Object.entries(c.errorsByCode)) into.errorsByCode[code] = (into.errorsByCode[code] ?? 0) + n;
  for (const [cap, n] of Object.entries(c.caps)) into.caps[cap] = (into.caps[cap] ?? 0) + n;
}

/** The request id of one individual's request in a run: the pipeline's own derivation (context is empty in batch). */
export const requestIdOf = (individualId: string, points: readonly string[], asOf: string): string =>
  stableId('req_', individualId, points.join(','), asOf, JSON.stringify({}));

/** Documents of one chunk by profile data graph, then individual id. */
export type ChunkDocuments = ReadonlyMap<string, ReadonlyMap<string, ProfileDocument>>;

/**
 * Decides one chunk on the fast path (no trace): one request per individual for all the run's
 * points. A fault never stops the chunk: a request-level fault (unknown individual...) becomes an
 * error entry for each point, a point-level fault (untrained recommender, rule error...) an error
 * entry for that point, and an unexpected exception an `Internal` error entry.
 */
export function decideChunk(env: ChunkEnv, index: number, ids: readonly string[], docs: ChunkDocuments): ChunkResult {
  const counts = emptyCounts();
  const log: PackedLog = [];
  const rows: PackedOutput | undefined = env.encoding === 'rows' ? [] : undefined;
  const lines: string[] = [];
  const decideEnv: DecideEnv = {
    ...env.decide,
    profiles: { getProfile: (id, graph) => docs.get(graph)?.get(id) },
  };
  const personalizationPoints = [...env.points];
  // One log entry and one output row per individual × point, packed as they are made.
  const emit = (
    individualId: string,
    point: string,
    requestId: string,
    o: PointOutcome | undefined,
    fault: { code: FaultCode; message: string } | undefined,
  ) => {
    const pz = o?.personalization;
    const f = o ? o.fault : fault;
    const outcome = o ? o.outcome : 'error';
    const credits = o ? o.credits : 0;
    const hasExperiment = o !== undefined && o.experimentKey !== null;
    packLogEntry(log, {
      individualId,
      point,
      decision: o ? o.decisionId : null,
      outcome,
      reason: o ? o.reason : 'Fault',
      experiment: o ? o.experimentKey : null,
      variant: o ? o.variantKey : null,
      inPool: hasExperiment ? o.inPool : null,
      control: hasExperiment ? o.control : null,
      itemIds: o ? o.itemIds : [],
      credits,
      errorCode: f?.code ?? null,
      errorMessage: f?.message ?? null,
      requestId,
      personalizationId: pz?.personalizationId ?? null,
    });
    counts.requests++;
    counts.credits += credits;
    if (outcome === 'decision') counts.decisions++;
    else if (outcome === 'fallback') counts.fallbacks++;
    else if (outcome === 'none') counts.nones++;
    else {
      counts.errors++;
      const code = f?.code ?? 'Internal';
      counts.errorsByCode[code] = (counts.errorsByCode[code] ?? 0) + 1;
    }
    const out: OutputEntry = {
      individualId,
      point,
      personalizationId: pz?.personalizationId ?? null,
      contentId: pz?.contentId ?? null,
      payload: pz ? payloadJson(pz.data) : null,
      status: f ? 'error' : pz ? 'ok' : 'none',
      errorCode: f?.code ?? null,
      errorMessage: f?.message ?? null,
    };
    if (rows)
      rows.push(
        out.individualId,
        out.point,
        out.personalizationId,
        out.contentId,
        out.payload,
        out.status,
        out.errorCode,
        out.errorMessage,
      );
    else lines.push(env.encoding === 'csv' ? csvLine(env.runId, out) : jsonlLine(env.runId, out));
  };
  for (const individualId of ids) {
    counts.individuals++;
    const requestId = requestIdOf(individualId, env.points, env.asOf);
    let fault: { code: FaultCode; message: string } | undefined;
    let outcomes: PointOutcome[] | undefined;
    try {
      const r = decide(
        { individualId, personalizationPoints, dataSpace: env.decide.dataSpace, context: {}, asOf: env.asOf },
        decideEnv,
        { requestId },
      );
      if (r.ok) {
        outcomes = r.points;
        // Each cap that applied to this individual counts them once (docs/caps.md).
        if (r.caps) for (const cap of r.caps) counts.caps[cap] = (counts.caps[cap] ?? 0) + 1;
      } else fault = { code: r.error.code, message: r.error.message };
    } catch (e) {
      fault = { code: 'Internal', message: `decision pipeline failed: ${(e as Error).message}` };
    }
    if (outcomes) for (const o of outcomes) emit(individualId, o.personalizationPointId, requestId, o, undefined);
    else for (const point of env.points) emit(individualId, point, requestId, undefined, fault);
  }
  return {
    index,
    firstId: ids[0] ?? '',
    lastId: ids[ids.length - 1] ?? '',
    log,
    ...(rows ? { rows } : { lines }),
    counts,
  };
}

/** Entries in a packed log (for checks). */
export const logLength = (log: PackedLog): number => log.length / LOG_ENTRY_WIDTH;
/** Rows in packed output (for checks). */
export const rowsLength = (rows: PackedOutput): number => rows.length / OUTPUT_ENTRY_WIDTH;
