import { useState } from 'react';
import { useWorkbench } from '../store/store.ts';
import type { WorkspaceClock } from '../store/clock-slice.ts';
import { isoToLocalInput, localInputToIso } from './as-of-input.tsx';
import { Badge, FaultBox } from './ui.tsx';
import { fmtTime } from './format.ts';

const SOURCE_LABEL: Record<WorkspaceClock['source'], string> = {
  set: 'set by you',
  data: 'end of data',
  created: 'no data yet',
};

const SOURCE_HINT: Record<WorkspaceClock['source'], string> = {
  set: 'Chosen by you (workbench clock --set). "End of data" puts it back.',
  data: "The end of the workspace's data: its latest event, or the sample's end.",
  created: 'The workspace has no events yet: its creation time.',
};

/**
 * The workspace clock in the header, on every screen: the time every screen without an explicit
 * as-of runs at (the service's clock, never the browser's). The user can move it, or put it back
 * at the end of the data; an as-of chosen on a screen still wins.
 */
export function ClockControl() {
  const clock = useWorkbench((s) => s.clock);
  const loadError = useWorkbench((s) => s.clockError);
  const setClock = useWorkbench((s) => s.setClock);
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<{ code: string; message: string } | null>(null);
  const apply = async (time: string | null) => {
    setError(null);
    const r = await setClock(time);
    if (r.ok) setEditing(null);
    else setError(r.error);
  };
  return (
    <div className="clock" data-testid="workspace-clock" role="group" aria-label="Workspace time">
      <span className="clock-label">Workspace time</span>
      {clock ? (
        <>
          <span className="clock-time mono" data-testid="workspace-clock-time" title={SOURCE_HINT[clock.source]}>
            {fmtTime(clock.time)}
          </span>
          <Badge tone={clock.source === 'set' ? 'info' : 'neutral'} title={SOURCE_HINT[clock.source]}>
            {SOURCE_LABEL[clock.source]}
          </Badge>
        </>
      ) : (
        <span className="muted">…</span>
      )}
      {editing === null ? (
        <button
          type="button"
          className="small"
          disabled={!clock}
          onClick={() => setEditing(isoToLocalInput(clock?.time ?? null))}
        >
          Set…
        </button>
      ) : (
        <form
          className="clock-edit"
          onSubmit={(e) => {
            e.preventDefault();
            const iso = localInputToIso(editing);
            if (iso) void apply(iso);
            else setError({ code: 'InvalidInput', message: 'choose a date and time (UTC)' });
          }}
        >
          <input
            type="datetime-local"
            aria-label="Workspace time (UTC)"
            data-testid="workspace-clock-input"
            value={editing}
            onChange={(e) => setEditing(e.target.value)}
          />
          <button type="submit" className="small primary">
            Apply
          </button>
          <button type="button" className="small" onClick={() => void apply(null)} title={SOURCE_HINT.data}>
            End of data
          </button>
          <button type="button" className="small link" onClick={() => setEditing(null)}>
            Cancel
          </button>
        </form>
      )}
      <FaultBox fault={error ?? loadError} />
    </div>
  );
}
