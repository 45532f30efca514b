import { existsSync, writeFileSync } from 'node:fs';

/**
 * Test-only pause, for the tests that kill a run process at a known point: with
 * WORKBENCH_TEST_HOLD_CHUNK=N and WORKBENCH_TEST_HOLD_FILE=PATH set, the runner stops before
 * committing chunk N — after writing its lines to an output file, so the file runs ahead of the
 * committed offset as after a real crash — writes PATH.held, and waits until PATH exists or the
 * run is cancelled. Unset (always, outside those tests), it costs one comparison per chunk.
 */
export function holdHook(
  env: NodeJS.ProcessEnv = process.env,
): ((index: number, signal: AbortSignal) => Promise<void>) | undefined {
  const chunk = env['WORKBENCH_TEST_HOLD_CHUNK'];
  const file = env['WORKBENCH_TEST_HOLD_FILE'];
  if (chunk === undefined || file === undefined || !/^\d+$/.test(chunk)) return undefined;
  const at = Number(chunk);
  return async (index, signal) => {
    if (index !== at) return;
    writeFileSync(`${file}.held`, String(process.pid));
    while (!existsSync(file) && !signal.aborted) await new Promise((resolve) => setTimeout(resolve, 20));
  };
}
