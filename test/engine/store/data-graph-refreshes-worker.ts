import { parentPort, workerData } from 'node:worker_threads';
import { openWorkspace } from '../../../engine/store/index.ts';

// Opens its own read-only connection (as a run's workers do) and reads a refresh's documents and members.
const { file, refreshId, ids, segment } = workerData as {
  file: string;
  refreshId: number;
  ids: string[];
  segment: string;
};
const opened = openWorkspace(file, { readonly: true });
if (!opened.ok) throw new Error(opened.error.message);
const store = opened.data;
parentPort!.postMessage(
  JSON.stringify({
    docs: store.dataGraphs.readDocuments(refreshId, ids),
    members: store.dataGraphs.segmentMemberIds(refreshId, segment, { limit: 1_000_000 }),
    count: store.dataGraphs.countSegmentMembers(refreshId, segment),
  }),
);
store.close();
