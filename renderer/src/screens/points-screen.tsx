import { useEffect } from 'react';
import { useWorkbench } from '../store/store.ts';
import { selectPoints } from '../store/selectors.ts';
import { Badge, Panel, ScreenHeader } from '../components/ui.tsx';
import { PointEditor } from './points/point-editor.tsx';
import { TestPanel } from './points/test-panel.tsx';
import { AudiencePanel } from './points/audience-panel.tsx';

/** Personalization points: the list, the editor of one, and live tests against individuals. */
export function PointsScreen() {
  const points = useWorkbench(selectPoints);
  const route = useWorkbench((s) => s.route);
  const navigate = useWorkbench((s) => s.navigate);
  const editing = useWorkbench((s) => s.editingPoint);
  const draft = useWorkbench((s) => s.draft);
  const dirty = useWorkbench((s) => s.dirty);
  const openPoint = useWorkbench((s) => s.openPoint);
  const newPoint = useWorkbench((s) => s.newPoint);
  const configLoaded = useWorkbench((s) => s.config !== null);
  const wanted = route.params.point ?? (draft ? null : points[0]?.apiName);
  // Opens the point the route names (or the first one) once the config is there; keeps an unsaved draft.
  useEffect(() => {
    if (!configLoaded || !wanted || wanted === editing || (dirty && draft?.apiName === wanted)) return;
    if (dirty && !window.confirm(`Discard the unsaved changes to ${draft?.label ?? 'this point'}?`)) return;
    openPoint(wanted);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- opens on a route change only; the draft's own edits must not re-open it
  }, [configLoaded, wanted]);
  return (
    <div data-testid="points-screen">
      <ScreenHeader
        title="Personalization points"
        subtitle="Decisions in priority order with their targeting rules and content, the experiment, the fallback — tested live against individuals before saving."
        actions={
          <>
            <button type="button" onClick={() => newPoint('manual')}>
              + Manual point
            </button>
            <button type="button" onClick={() => newPoint('recommendations')}>
              + Recommendations point
            </button>
          </>
        }
      />
      <div
        className="grid"
        style={{ gridTemplateColumns: '210px minmax(0, 1fr) minmax(340px, 0.7fr)', alignItems: 'start' }}
      >
        <Panel title="Points">
          <ul className="list" data-testid="point-list">
            {points.map((p) => (
              <li key={p.apiName}>
                <button
                  type="button"
                  aria-current={p.apiName === editing}
                  onClick={() => navigate('points', { point: p.apiName })}
                >
                  <div className="item-title">{p.label}</div>
                  <div className="item-sub">
                    <span className="mono">{p.apiName}</span>
                    <Badge tone={p.type === 'manual' ? 'info' : 'neutral'}>{p.type}</Badge>
                    <span>{p.decisions.length} decisions</span>
                    {p.experiment ? <Badge tone="warn">experiment</Badge> : null}
                    {!p.active ? <Badge>inactive</Badge> : null}
                  </div>
                </button>
              </li>
            ))}
            {draft && !editing ? (
              <li>
                <button type="button" aria-current>
                  <div className="item-title">{draft.label}</div>
                  <div className="item-sub">new, not saved yet</div>
                </button>
              </li>
            ) : null}
          </ul>
        </Panel>
        {draft ? (
          <PointEditor />
        ) : (
          <Panel>
            <p className="muted">{configLoaded ? 'Choose a point, or create one.' : 'Loading the configuration…'}</p>
          </Panel>
        )}
        <div className="stack">
          <TestPanel />
          <AudiencePanel />
        </div>
      </div>
    </div>
  );
}
