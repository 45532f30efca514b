import { fail, type Result } from '../model/errors.ts';
import type { WorkspaceStore } from '../store/index.ts';
import type { SpaceRuntime } from './space-runtime.ts';
import { WorkspaceSources } from './workspace-sources.ts';

/** The runtime of one data space as configured at `revision` (how a run decides, whatever was saved since). */
export function spaceRuntimeAt(store: WorkspaceStore, revision: number, dataSpace: string): Result<SpaceRuntime> {
  if (!store.getConfigRevision(revision))
    return fail('ConfigurationMissing', `configuration revision ${revision} does not exist in ${store.file}`);
  return new WorkspaceSources(store, revision).space(dataSpace);
}

/** The API name of a data space by its store id. */
export function dataSpaceName(store: WorkspaceStore, spaceId: number): string | undefined {
  return store.listDataSpaces().find((s) => store.dataSpaceId(s.apiName) === spaceId)?.apiName;
}
