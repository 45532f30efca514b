import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { ChunkMessage, ChunkTask, ChunkWorkerInit } from './chunk-worker-types.ts';

/** The default number of chunk workers: the machine's cores. */
export const defaultWorkers = (): number => Math.max(1, availableParallelism());

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
    workerData: init,
  });
  return {
    run: (task) => pool.run(task),
    close: () => pool.destroy(),
  };
}
