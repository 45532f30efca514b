import { fail, type Result } from '../model/errors.ts';
import { WorkspaceSources, type SpaceRuntime } from '../service/workspace-sources.ts';
import type { WorkspaceStore } from '../store/index.ts';

/**
 * A view of the store whose "current" configuration is one fixed revision. Everything else goes
 * to the store itself, so the runtime built over it is the one the service builds — with every
 * source other modules add to it — only for that revision.
 */
export function storeAtRevision(store: WorkspaceStore, revision: number): WorkspaceStore {
  return new Proxy(store, {
    get(target, prop) {
      if (prop === 'getConfig') return () => target.getConfigRevision(revision);
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** The runtime of one data space as configured at `revision` (how a run decides, whatever was saved since). */
export function spaceRuntimeAt(store: WorkspaceStore, revision: number, dataSpace: string): Result<SpaceRuntime> {
  if (!store.getConfigRevision(revision))
    return fail('ConfigurationMissing', `configuration revision ${revision} does not exist in ${store.file}`);
  return new WorkspaceSources(storeAtRevision(store, revision)).space(dataSpace);
}

/** The API name of a data space by its store id. */
export function dataSpaceName(store: WorkspaceStore, spaceId: number): string | undefined {
  return store.listDataSpaces().find((s) => store.dataSpaceId(s.apiName) === spaceId)?.apiName;
}
