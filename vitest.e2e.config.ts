import { defineConfig } from 'vitest/config';

// End-to-end tests: the built renderer in headless chromium against `workbench serve` child
// processes (test/e2e/harness). One file at a time: each starts a server and a browser.
export default defineConfig({
  root: '.',
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    globalSetup: ['test/e2e/harness/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
    // expect.poll waits for conditions; give slow shared machines room.
    expect: { poll: { timeout: 30_000, interval: 100 } },
  },
});
