import { useEffect, type ReactNode } from 'react';
import { useClient } from './api/client-context.tsx';
import { desktopApi } from './api/desktop.ts';
import { useWorkbench } from './store/store.ts';
import { hashToRoute, routeToHash, type ScreenName } from './store/navigation-slice.ts';
import { WorkspaceScreen } from './screens/workspace-screen.tsx';
import { DataGraphsScreen } from './screens/data-graphs-screen.tsx';
import { PointsScreen } from './screens/points-screen.tsx';
import { CampaignsScreen } from './screens/campaigns-screen.tsx';
import { RunsScreen } from './screens/runs-screen.tsx';
import { TraceScreen } from './screens/trace-screen.tsx';
import { FaultBox } from './components/ui.tsx';
import { ClockControl } from './components/clock-control.tsx';
import './styles/app.css';

const NAV: { screen: ScreenName; label: string; icon: string }[] = [
  { screen: 'workspace', label: 'Workspace', icon: '⌂' },
  { screen: 'data', label: 'Data graphs', icon: '◫' },
  { screen: 'points', label: 'Personalization points', icon: '◎' },
  { screen: 'campaigns', label: 'Campaigns', icon: '▶' },
  { screen: 'runs', label: 'Run results', icon: '▤' },
  { screen: 'trace', label: 'Trace inspector', icon: '⌕' },
];

const SCREENS: Record<ScreenName, () => ReactNode> = {
  workspace: () => <WorkspaceScreen />,
  data: () => <DataGraphsScreen />,
  points: () => <PointsScreen />,
  campaigns: () => <CampaignsScreen />,
  runs: () => <RunsScreen />,
  trace: () => <TraceScreen />,
};

/** Keeps the route and the address bar's hash in step (links and reloads keep the screen). */
function useHashRoute() {
  useEffect(() => {
    const apply = () => {
      const next = hashToRoute(window.location.hash);
      const cur = useWorkbench.getState().route;
      if (routeToHash(cur) !== routeToHash(next)) useWorkbench.getState().navigate(next.screen, next.params);
    };
    if (window.location.hash) apply();
    window.addEventListener('hashchange', apply);
    const off = useWorkbench.subscribe(
      (s) => s.route,
      (route) => {
        const h = routeToHash(route);
        if (window.location.hash !== h) window.history.pushState(null, '', h);
      },
    );
    return () => {
      window.removeEventListener('hashchange', apply);
      off();
    };
  }, []);
}

/** In Electron, the application menu's commands: "Import data…" lands in the import wizard. */
function useMenuCommands() {
  useEffect(() => {
    const desktop = desktopApi();
    if (!desktop) return;
    return desktop.onMenuCommand((command) => {
      if (command.type !== 'import') return;
      const s = useWorkbench.getState();
      s.navigate('data', { tab: 'import' });
      s.setImportKind(command.kind);
      void useWorkbench.getState().importFile({ kind: 'path', file: command.file });
    });
  }, []);
}

/** The workbench: a sidebar with the screens, the open workspace and the service connection. */
export function App() {
  const client = useClient();
  const route = useWorkbench((s) => s.route);
  const navigate = useWorkbench((s) => s.navigate);
  const info = useWorkbench((s) => s.info);
  const dataSpace = useWorkbench((s) => s.dataSpace);
  const selectDataSpace = useWorkbench((s) => s.selectDataSpace);
  const streamState = useWorkbench((s) => s.streamState);
  const error = useWorkbench((s) => s.workspaceError);
  useEffect(() => {
    const disconnect = useWorkbench.getState().connect(client);
    void useWorkbench.getState().loadWorkspace();
    return disconnect;
  }, [client]);
  useHashRoute();
  useMenuCommands();
  return (
    <div className="app">
      <aside className="sidebar">
        <div className="brand">
          <div className="brand-name">Batch Personalization Workbench</div>
          <div className="brand-sub">dry runs · decision credits · traces</div>
        </div>
        <nav aria-label="Screens">
          <ul className="nav">
            {NAV.map((n) => (
              <li key={n.screen}>
                <button
                  type="button"
                  aria-current={route.screen === n.screen ? 'page' : undefined}
                  onClick={() => navigate(n.screen)}
                >
                  <span className="nav-icon" aria-hidden="true">
                    {n.icon}
                  </span>
                  {n.label}
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <div className="sidebar-foot">
          <div>Workspace</div>
          <div className="file" data-testid="workspace-file">
            {info ? info.file.split(/[\\/]/).pop() : '…'}
          </div>
          {info && info.dataSpaces.length > 1 ? (
            <label>
              Data space
              <select value={dataSpace} onChange={(e) => selectDataSpace(e.target.value)}>
                {info.dataSpaces.map((s) => (
                  <option key={s.apiName} value={s.apiName}>
                    {s.label}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <div className={`conn ${streamState}`} title="Live job events from the service">
            {streamState === 'open' ? 'connected' : streamState === 'closed' ? 'disconnected' : 'connecting…'}
          </div>
        </div>
      </aside>
      <main className="main" data-screen={route.screen}>
        <header className="topbar">
          <ClockControl />
        </header>
        {error ? <FaultBox fault={error} title="The workspace could not be read" /> : null}
        {SCREENS[route.screen]()}
      </main>
    </div>
  );
}
