// Where the e2e harness finds the package, its CLI and the screenshots folder.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const WORKBENCH_BIN = join(PACKAGE_ROOT, 'bin', 'workbench.js');
/** Screenshots the README shows. */
export const SCREENSHOTS_DIR = join(PACKAGE_ROOT, 'docs', 'screenshots');
/** Debian's chromium (`.ci/run` installs it). */
export const CHROMIUM = process.env.WORKBENCH_CHROMIUM ?? '/usr/bin/chromium';

/** The end of the sample's event history in e2e workspaces: fixed, so runs are reproducible. */
export const E2E_SAMPLE_NOW = '2026-11-28T00:00:00Z';
