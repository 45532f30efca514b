import type { ChunkResult } from './decide-chunk.ts';
import type { OutputEncoding } from './output-encoding.ts';

/** What every chunk worker of a run is started with (worker_threads workerData). */
export interface ChunkWorkerInit {
  /** Workspace file; each worker opens its own read-only connection. */
  file: string;
  dataSpace: string;
  configRevision: number;
  /** The data-graph refresh each profile data graph's documents come from. */
  refreshes: Record<string, number>;
  runId: number;
  points: string[];
  /** The run's as-of time, canonical ISO. */
  asOf: string;
  encoding: OutputEncoding;
}

/** One chunk to decide: its position in the run and its individual ids (id order). */
export interface ChunkTask {
  index: number;
  ids: string[];
}

/** What a chunk worker sends back: the chunk's result, its file text as UTF-8 bytes (transferred, not copied). */
export type ChunkMessage = Omit<ChunkResult, 'text'> & { bytes?: Uint8Array };
