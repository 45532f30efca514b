import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { ChunkMessage, ChunkTask, ChunkWorkerInit } from './chunk-worker-types.ts';

/** The default number of chunk workers: the machine's cores. */
export const defaultWorkers = (): number => Math.max(1, availableParallelism());

/** How much lower than the process a chunk worker's scheduling priority is (nice(2) increment). */
const WORKER_NICENESS = 10;

/** A pool of chunk worker threads for one run attempt. */
export interface ChunkPool {
  run(task: ChunkTask): Promise<ChunkMessage>;
  close(): Promise<void>;
}

/** Starts `threads` chunk workers (worker_threads through piscina), each with the run's init data. */
export function createChunkPool(init: ChunkWorkerInit, threads: number): ChunkPool {
  const pool = new Piscina<ChunkTask, ChunkMessage>({
    filename: new URL('./chunk-worker.js', import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
    // Two tasks queued in each worker, so it starts the next chunk while the main thread is busy committing.
    concurrentTasksPerWorker: 2,
    idleTimeout: 30_000,
    // A larger young generation: deciding allocates many short-lived objects; fewer scavenges measured ~10% faster.
    resourceLimits: { maxYoungGenerationSizeMb: 64 },
    // Workers yield the CPU to the thread that commits in order and serves the API, and to the UI
    // (Linux: per thread, through @napi-rs/nice; elsewhere a no-op): a busy laptop stays responsive.
    niceIncrement: WORKER_NICENESS,
    workerData: init,
  });
  return {
    run: (task) => pool.run(task),
    close: () => pool.destroy(),
  };
}
