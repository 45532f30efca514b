import { render } from '@testing-library/react';
import { App } from '../../renderer/src/app.tsx';
import { ClientProvider } from '../../renderer/src/api/client-context.tsx';
import type { MockClient } from '../../renderer/src/api/mock-client.ts';

/** Renders the whole app on a mock client, opened at a route (`#/points?point=x`). */
export function renderApp(client: MockClient, hash = '') {
  window.location.hash = hash;
  return render(
    <ClientProvider client={client}>
      <App />
    </ClientProvider>,
  );
}
