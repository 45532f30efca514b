import { useState } from 'react';
import { useWorkbench } from '../../store/store.ts';
import { FaultBox, Panel } from '../../components/ui.tsx';
import { fmtInt } from '../../components/format.ts';

/** Where exports go by default: a relative name, which the service puts in the workspace's outputs folder. */
function defaultFile(runId: number, what: string, format: string): string {
  return `run-${runId}-${what}.${format}`;
}

/** Exports the run's decision log or output to a JSONL or CSV file on this machine. */
export function ExportPanel({ runId }: { runId: number }) {
  const exportRun = useWorkbench((s) => s.exportRun);
  const result = useWorkbench((s) => s.exportResult);
  const [what, setWhat] = useState<'log' | 'output'>('log');
  const [format, setFormat] = useState<'jsonl' | 'csv'>('csv');
  const [file, setFile] = useState<string | null>(null);
  const target = file ?? defaultFile(runId, what, format);
  return (
    <Panel title="Export" testId="export-panel">
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void exportRun({ runId, what, format, file: target });
        }}
      >
        <select
          aria-label="What to export"
          value={what}
          onChange={(e) => {
            setWhat(e.target.value as 'log');
            setFile(null);
          }}
        >
          <option value="log">decision log</option>
          <option value="output">campaign output</option>
        </select>
        <select
          aria-label="Format"
          value={format}
          onChange={(e) => {
            setFormat(e.target.value as 'csv');
            setFile(null);
          }}
        >
          <option value="csv">CSV</option>
          <option value="jsonl">JSONL</option>
        </select>
        <input
          className="mono"
          aria-label="Export file"
          style={{ flex: 1, minWidth: 280 }}
          value={target}
          onChange={(e) => setFile(e.target.value)}
        />
        <button type="submit">Export</button>
      </form>
      {result?.ok ? (
        <p className="save-msg ok" role="status">
          Wrote {fmtInt(result.data.rows)} rows ({fmtInt(result.data.bytes)} bytes) to{' '}
          <span className="mono">{result.data.file}</span>.
        </p>
      ) : null}
      {result && !result.ok ? <FaultBox fault={result.error} /> : null}
    </Panel>
  );
}
