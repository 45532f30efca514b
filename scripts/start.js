#!/usr/bin/env node
// `npm start` (and `npm run dev` with --dev): the workbench on the built-in sample workspace.
import { register } from 'tsx/esm/api';

register();
const { start } = await import('./start.ts');
process.exitCode = await start(process.argv.slice(2));
