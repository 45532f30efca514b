import type { Command } from 'commander';
import { jobOutcome } from '../../service/jobs.ts';
import { ImportKind } from '../../service/ops/import.ts';
import { followJob } from '../follow-job.ts';
import { printFault, printResult, type Io } from '../output.ts';
import { withService } from '../with-service.ts';

const KINDS = [...ImportKind.options, 'config'] as const;

export function registerImport(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('import')
    .description('import data (CSV, JSON or JSONL) or a configuration (JSON) into a workspace; all or nothing')
    .argument('<ws>', 'workspace file')
    .argument('<kind>', `what the file holds: ${KINDS.join(' | ')}`)
    .argument('<file>', 'the file (.csv, .json or .jsonl; config: .json)')
    .option('--data-space <name>', 'data space to import into', 'default')
    .option('--json', 'print one JSON document')
    .addHelpText(
      'after',
      `
Columns (CSV headers / JSON keys; extra columns become attributes):
  profiles  id + attributes
  items     id,name,category,price,imageUrl,url,brand,inStock,createdAt
  events    individualId,itemId,type,timestamp,quantity,price   (type: browse|cart|order; ISO-8601 timestamps)
            individualId may be a source id (source:sourceId, or a plain sourceId when unambiguous)
            once \`workbench resolve\` has mapped it to a unified individual
  source-records  sourceId,source,email,phone,firstName,lastName,updatedAt + attributes
            (identity resolution's input; then run \`workbench resolve <ws>\`)
A file with any bad row imports nothing and lists every bad row (file, line, field, why).

Examples:
  workbench import ws.sqlite profiles customers.csv
  workbench import ws.sqlite config workbench-config.json
`,
    )
    .action(async (ws: string, kind: string, file: string, o: { dataSpace: string; json?: boolean }) => {
      const json = o.json === true;
      const dataKind = ImportKind.safeParse(kind);
      if (!dataKind.success && kind !== 'config') {
        setExit(
          printFault(
            io,
            {
              code: 'InvalidInput',
              message: `unknown import kind "${kind}"; use one of ${KINDS.join(', ')}`,
              field: 'kind',
            },
            json,
          ),
        );
        return;
      }
      setExit(
        await withService(io, ws, json, async (service) => {
          if (!dataKind.success) {
            const r = await service.call('config.import', { file });
            return printResult(io, r, json, (d) => `Imported configuration from ${file} as revision ${d.revision}.\n`);
          }
          const started = await service.call('import.start', { kind: dataKind.data, file, dataSpace: o.dataSpace });
          if (!started.ok) return printFault(io, started.error, json);
          const job = await followJob(io, service, started.data.jobId, {
            json,
            line: ({ progress: p }) =>
              `${kind}: ${(p.counters?.rows ?? 0).toLocaleString('en-US')} rows, ${Math.round((100 * p.done) / Math.max(1, p.total ?? 0))}%`,
          });
          const r = jobOutcome(job);
          return printResult(io, r, json, (d) => {
            const lines = [
              `Imported ${d.rowsRead.toLocaleString('en-US')} ${kind} rows from ${file}: ${d.inserted.toLocaleString('en-US')} new, ${d.updated.toLocaleString('en-US')} updated.`,
            ];
            if (d.addedFields.length > 0)
              lines.push(
                `Added to the data graph (config revision ${d.configRevision}): ${d.addedFields.map((f) => `${f.name} (${f.type})`).join(', ')}.`,
              );
            return lines.join('\n') + '\n';
          });
        }),
      );
    });
}
