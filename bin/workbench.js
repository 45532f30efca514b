#!/usr/bin/env node
// The `workbench` CLI. It runs the engine bundled to JavaScript (dist/node/cli.js, built by
// `npm run build:engine`, which `npm install` runs), and the TypeScript sources through tsx when
// there is no bundle, when an engine source is newer than it (a working copy being edited), or
// when WORKBENCH_FROM_SOURCES=1: what runs is always the code in engine/.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { engineEntry } from './engine-entry.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let main;
if (engineEntry(root) === 'bundle') {
  main = await import(pathToFileURL(join(root, 'dist', 'node', 'cli.js')).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  main = await import('../engine/cli/main.ts');
}
process.exitCode = await main.runCli(process.argv.slice(2));
