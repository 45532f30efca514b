// Worker-thread bootstrap of the refresh-reading test: sources are TypeScript, loaded through tsx.
import { register } from 'tsx/esm/api';

register();
await import('./data-graph-refreshes-worker.ts');
