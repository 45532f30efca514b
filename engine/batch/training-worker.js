// Worker-thread entry of model training and offline evaluation. It registers tsx first, so the
// TypeScript worker loads the same way from the CLI, the HTTP server and vitest.
import { register } from 'tsx/esm/api';

register();
await import('./training-worker.ts');
