// The client reaches components through React context, so tests can hand in a mock client.
import { createContext, useContext, type ReactNode } from 'react';
import type { WorkbenchClient } from './client.ts';

const ClientContext = createContext<WorkbenchClient | null>(null);

/** Provides the client (real or mock) to every component below. */
export function ClientProvider({ client, children }: { client: WorkbenchClient; children: ReactNode }) {
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>;
}

/** The client of the nearest ClientProvider; throws (a bug) when there is none. */
export function useClient(): WorkbenchClient {
  const c = useContext(ClientContext);
  if (!c) throw new Error('useClient: no ClientProvider above this component');
  return c;
}
