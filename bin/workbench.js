#!/usr/bin/env node
// The `workbench` CLI. Sources are TypeScript, loaded through tsx's ESM hooks.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../engine/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2));
