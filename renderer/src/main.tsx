// Bootstrap only: read the per-launch token, create the typed client, render the app.
// The app (./app.tsx) takes no props; components reach the client with useClient().
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { createClient } from './api/client.ts';
import { ClientProvider } from './api/client-context.tsx';
import { takeToken } from './api/token.ts';

/** Shown when the page was opened without the tokened URL. */
function MissingToken() {
  return (
    <main className="missing-token" data-testid="missing-token">
      <h1>Batch Personalization Workbench</h1>
      <p>
        This page needs the access token of the running service. Open the URL that <code>workbench serve</code> (or{' '}
        <code>npm start</code>) printed: it ends with <code>?token=…</code>.
      </p>
    </main>
  );
}

const token = takeToken({ location: window.location, storage: window.sessionStorage, history: window.history });
const root = createRoot(document.getElementById('root')!);
if (!token) {
  root.render(<MissingToken />);
} else {
  const client = createClient({ token });
  root.render(
    <StrictMode>
      <ClientProvider client={client}>
        <App />
      </ClientProvider>
    </StrictMode>,
  );
}
