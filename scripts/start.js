#!/usr/bin/env node
// `npm start`: opens the workbench on the built-in sample workspace (created on first start).
import { register } from 'tsx/esm/api';

register();
const { start } = await import('./start.ts');
process.exitCode = await start(process.argv.slice(2));
