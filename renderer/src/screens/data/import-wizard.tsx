import { useRef, useState } from 'react';
import { useWorkbench } from '../../store/store.ts';
import type { ImportKind } from '../../store/data-graphs-slice.ts';
import { desktopApi, type DesktopImportKind } from '../../api/desktop.ts';
import { FaultBox, Panel, ProgressBar, Stat } from '../../components/ui.tsx';
import { ProblemList } from '../../components/problems.tsx';
import { fmtBytes, fmtDuration, fmtInt } from '../../components/format.ts';

/** The import kinds, their columns (DESIGN.md §3) and what they fill. */
const KINDS: { kind: ImportKind; label: string; columns: string }[] = [
  {
    kind: 'profiles',
    label: 'Profiles (Unified Individuals)',
    columns: 'id + attributes (extra columns become fields of the profile data graph)',
  },
  {
    kind: 'items',
    label: 'Items (Goods Product)',
    columns: 'id, name, category, price, imageUrl, url, brand, inStock, createdAt (+ free attributes)',
  },
  {
    kind: 'events',
    label: 'Engagement events',
    columns: 'individualId, itemId, type (browse | cart | order), timestamp (ISO-8601), quantity, price',
  },
  {
    kind: 'source-records' as ImportKind,
    label: 'Source records (identity resolution)',
    columns: 'sourceId, source, email, phone, firstName, lastName (+ attributes)',
  },
  {
    kind: 'config',
    label: 'Configuration (JSON)',
    columns: 'the workspace configuration document (workbench export-config); validated as a whole',
  },
];
const DESKTOP_KINDS: readonly string[] = ['profiles', 'items', 'events', 'config'];

/** A running import job's progress: a bar over the file's bytes, rows read, rate, ETA, and cancel. */
function ImportProgress() {
  const jobId = useWorkbench((s) => s.importState.jobId);
  const fileName = useWorkbench((s) => s.importState.fileName);
  const cancel = useWorkbench((s) => s.cancelImport);
  const tracked = useWorkbench((s) => (jobId ? s.jobs[jobId] : undefined));
  const job = tracked?.kind === 'import' ? tracked : undefined;
  const p = job?.progress;
  return (
    <div className="stack" data-testid="import-progress">
      <div className="row">
        <span className="muted">Importing {fileName}…</span>
        {jobId ? (
          <button type="button" className="danger small" onClick={() => void cancel()}>
            Cancel import
          </button>
        ) : null}
      </div>
      <ProgressBar
        label={`Import of ${fileName ?? 'the file'}`}
        done={p?.done ?? 0}
        total={p?.total ?? null}
        detail={
          <>
            <span>{fmtInt(p?.counters?.rows ?? 0)} rows read</span>
            <span>
              {fmtBytes(p?.done ?? 0)} of {p?.total ? fmtBytes(p.total) : jobId ? '?' : 'uploading…'}
            </span>
            <span>{p?.rate ? `${fmtBytes(p.rate)}/s` : '—/s'}</span>
            <span>
              ETA {p?.etaSeconds === null || p?.etaSeconds === undefined ? '—' : fmtDuration(p.etaSeconds * 1000)}
            </span>
          </>
        }
      />
    </div>
  );
}

/**
 * The import wizard: kind, file (uploaded in browser mode; the native dialog in Electron), then the
 * import job's progress (cancel rolls it back) and the report — rows read and inserted, or every bad
 * row with its file, line and field (nothing imported).
 */
export function ImportWizard() {
  const state = useWorkbench((s) => s.importState);
  const setKind = useWorkbench((s) => s.setImportKind);
  const importFile = useWorkbench((s) => s.importFile);
  const reset = useWorkbench((s) => s.resetImport);
  const [file, setFile] = useState<File | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const desktop = desktopApi();
  const busy = state.status === 'importing';
  const chosen = KINDS.find((k) => k.kind === state.kind) ?? KINDS[0]!;
  const report = state.status === 'done' ? state.report : null;
  return (
    <div className="grid two" data-testid="import-wizard">
      <Panel title="1 · What to import">
        <div className="stack">
          {KINDS.map((k) => (
            <label key={k.kind} className="check">
              <input
                type="radio"
                name="import-kind"
                value={k.kind}
                checked={state.kind === k.kind}
                disabled={busy}
                onChange={() => {
                  setKind(k.kind);
                  setFile(null);
                  if (input.current) input.current.value = '';
                }}
              />
              <span>
                <strong>{k.label}</strong>
                <br />
                <span className="muted">{k.columns}</span>
              </span>
            </label>
          ))}
        </div>
      </Panel>
      <div className="stack">
        <Panel title="2 · File">
          <div className="stack">
            <p className="muted">
              CSV (with a header row), JSON (an array) or JSONL. The import is all or nothing: a file with a bad row
              changes nothing.
            </p>
            <div className="row">
              <input
                ref={input}
                type="file"
                accept={state.kind === 'config' ? '.json' : '.csv,.json,.jsonl,.ndjson'}
                aria-label="File to import"
                disabled={busy}
                onChange={(e) => setFile(e.target.files?.[0] ?? null)}
              />
              <button
                type="button"
                className="primary"
                disabled={!file || busy}
                onClick={() => file && void importFile({ kind: 'upload', file, name: file.name })}
              >
                {busy ? 'Importing…' : `Import ${chosen.label.toLowerCase()}`}
              </button>
            </div>
            {desktop && DESKTOP_KINDS.includes(state.kind) ? (
              <div className="row">
                <button
                  type="button"
                  disabled={busy}
                  onClick={async () => {
                    const picked = await desktop.importData(state.kind as DesktopImportKind);
                    if (picked) await importFile({ kind: 'path', file: picked.file });
                  }}
                >
                  Choose with the system dialog…
                </button>
              </div>
            ) : null}
          </div>
        </Panel>
        <Panel
          title="3 · Report"
          testId="import-report"
          actions={
            state.status !== 'idle' && !busy ? (
              <button type="button" className="small" onClick={reset}>
                Clear
              </button>
            ) : null
          }
        >
          {state.status === 'idle' ? (
            <p className="muted">Choose a file and import it; the report appears here.</p>
          ) : null}
          {busy ? <ImportProgress /> : null}
          {report && 'rowsRead' in report ? (
            <div className="stack">
              <p className="save-msg ok" role="status">
                Imported {state.fileName}: {fmtInt(report.rowsRead)} rows.
              </p>
              <div className="stats">
                <Stat label="Rows read" value={fmtInt(report.rowsRead)} />
                <Stat label="Inserted" value={fmtInt(report.inserted)} />
                <Stat label="Updated" value={fmtInt(report.updated)} />
              </div>
              {report.addedFields.length > 0 ? (
                <p>
                  New fields added to the data graph
                  {report.configRevision ? ` (configuration revision ${report.configRevision})` : ''}:{' '}
                  {report.addedFields.map((f) => `${f.name} (${f.type})`).join(', ')}
                </p>
              ) : null}
            </div>
          ) : null}
          {report && 'revision' in report ? (
            <p className="save-msg ok" role="status">
              Configuration imported as revision {report.revision}.
            </p>
          ) : null}
          {state.status === 'cancelled' ? (
            <p className="save-msg warn" role="status">
              Import of {state.fileName} cancelled: it was rolled back and nothing was imported.
            </p>
          ) : null}
          {state.status === 'failed' && state.fault ? (
            <div className="stack">
              <FaultBox fault={state.fault} title="Nothing was imported" />
              <ProblemList
                problems={state.fault.problems ?? []}
                total={state.fault.problemCount}
                title="Bad rows"
                testId="import-problems"
              />
            </div>
          ) : null}
        </Panel>
      </div>
    </div>
  );
}
