// Bootstrap of the chunk worker thread: sources are TypeScript, loaded through tsx's ESM hooks,
// so the pool works the same from the CLI, the HTTP server, the bench and vitest.
import { register } from 'tsx/esm/api';

register();
const worker = await import('./chunk-worker.ts');
export default worker.default;
