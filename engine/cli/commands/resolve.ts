import type { Command } from 'commander';
import type { Result } from '../../model/errors.ts';
import { jobOutcome } from '../../service/jobs.ts';
import type { IdentityReport, UnifiedIndividualRecords } from '../../batch/identity-resolution.ts';
import type { Service } from '../../service/service.ts';
import { followJob } from '../follow-job.ts';
import { EXIT, printFault, printResult, type Io } from '../output.ts';
import { withService } from '../with-service.ts';

const n = (x: number): string => x.toLocaleString('en-US');
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const pad = (s: string, w: number): string => s + ' '.repeat(Math.max(0, w - s.length));
const padStart = (s: string, w: number): string => ' '.repeat(Math.max(0, w - s.length)) + s;

/** The report as text: records in, individuals out, consolidation rate, rules, changes, conflicts, largest clusters. */
export function identityReportText(r: IdentityReport): string {
  const lines: string[] = [];
  lines.push(
    `Identity resolution ${r.resolutionId} of data space ${r.dataSpace}, ${r.resolvedAt}${r.defaultRuleset ? ' (default ruleset)' : ''}`,
  );
  lines.push(
    `  source records in    ${padStart(n(r.records), 10)}   ${r.sources.map((s) => `${s.source} ${n(s.records)}`).join(', ')}`,
  );
  lines.push(`  unified individuals  ${padStart(n(r.individuals), 10)}`);
  lines.push(`  consolidation rate   ${padStart(pct(r.consolidationRate), 10)}   (1 − individuals / records)`);
  lines.push(`  unmatched records    ${padStart(n(r.unmatchedRecords), 10)}`);
  const nameWidth = Math.max(24, ...r.matchRules.map((m, i) => `    ${i + 1}. ${m.name}`.length + 2));
  lines.push(
    '',
    `${pad('  match rules (in order)', nameWidth)}${padStart('links', 8)}${padStart('records matched', 18)}`,
  );
  r.matchRules.forEach((m, i) => {
    const name = pad(`    ${i + 1}. ${m.name}`, nameWidth);
    lines.push(
      m.active
        ? `${name}${padStart(n(m.links), 8)}${padStart(n(m.matchedRecords), 18)}`
        : `${name}${padStart('(inactive)', 8)}`,
    );
  });
  lines.push('', `  cluster sizes: ${r.clusterSizes.map((c) => `${c.size}×${n(c.clusters)}`).join(', ')}`);
  const ch = r.changes;
  lines.push(
    `  changes: ${n(ch.created)} new, ${n(ch.updated)} updated, ${n(ch.unchanged)} unchanged, ${n(ch.retired)} retired (merged into another)${ch.eventsMoved > 0 ? `, ${n(ch.eventsMoved)} events moved to the individuals that absorbed them` : ''}`,
  );
  if (r.addedFields.length > 0)
    lines.push(
      `  fields added to the profile data graph (config revision ${r.addedFieldsRevision}): ${r.addedFields.map((f) => `${f.name} (${f.type})`).join(', ')}`,
    );
  if (r.conflicts.length > 0) {
    lines.push('', '  conflicts (values that disagree inside a cluster; the reconciled value is after →)');
    for (const c of r.conflicts) {
      lines.push(`    ${pad(c.field, 14)} ${padStart(n(c.clusters), 7)} cluster${c.clusters === 1 ? '' : 's'}`);
      for (const e of c.examples) {
        lines.push(
          `      ${e.unifiedId}: ${e.values.map((v) => `${JSON.stringify(v.value)} (${v.records.join(', ')})`).join(' vs ')} → ${JSON.stringify(e.chosen)}`,
        );
      }
    }
  } else lines.push('  conflicts: none');
  if (r.largestClusters.length > 0) {
    lines.push('', '  largest clusters');
    for (const c of r.largestClusters) {
      const sources = Object.entries(c.sources)
        .map(([s, k]) => `${s} ${k}`)
        .join(', ');
      lines.push(
        `    ${c.unifiedId}  ${c.size} records (${sources}) via ${c.rules.join(', ')}: ${c.records.join(', ')}${c.size > c.records.length ? ', …' : ''}`,
      );
    }
  }
  if (r.unusableValues.length > 0) {
    lines.push('', '  values that cannot match (present, but not usable by their normalizer)');
    for (const u of r.unusableValues)
      lines.push(
        `    ${u.field} (${u.normalize}): ${n(u.records)} record${u.records === 1 ? '' : 's'}, e.g. ${u.examples.join('; ')}`,
      );
  }
  return lines.join('\n') + '\n';
}

function individualText(d: UnifiedIndividualRecords): string {
  const lines = [
    `Unified individual ${d.unifiedId}: ${d.records.length} source record${d.records.length === 1 ? '' : 's'}`,
  ];
  for (const r of d.records) {
    const how = r.rule ? `linked by ${r.rule} with ${r.matchedWith}` : 'matched no other record';
    lines.push(
      `  ${r.source}:${r.sourceId}  ${[r.firstName, r.lastName].filter(Boolean).join(' ')} ${r.email ?? ''} ${r.phone ?? ''}`.trimEnd() +
        `  — ${how}${r.updatedAt ? `, updated ${r.updatedAt}` : ''}`,
    );
  }
  lines.push('  attributes (value ← record it comes from under the current ruleset)');
  for (const [field, value] of Object.entries(d.attributes))
    lines.push(
      `    ${pad(field, 14)} ${JSON.stringify(value)}${d.provenance[field] ? ` ← ${d.provenance[field]}` : ''}`,
    );
  for (const c of d.conflicts)
    lines.push(
      `  conflict on ${c.field}: ${c.values.map((v) => `${JSON.stringify(v.value)} (${v.records.join(', ')})`).join(' vs ')} → ${JSON.stringify(c.chosen)}`,
    );
  return lines.join('\n') + '\n';
}

/** Runs the resolution job, showing its progress on a terminal; resolves to its report or fault. */
async function resolveWithProgress(io: Io, service: Service, dataSpace: string): Promise<Result<IdentityReport>> {
  const started = await service.call('identity.resolve', { dataSpace });
  if (!started.ok) return started;
  const { jobId } = started.data;
  const ended = await followJob(io, service, jobId, {
    json: false,
    line: ({ progress: p }) =>
      `${p.message ?? 'resolving'}: ${n(p.done)}${p.total !== null ? ` / ${n(p.total)}` : ''} records`,
    // Ctrl-C cancels the job; the resolution writes nothing until its last step.
    cancel: () => service.context.jobs.cancel(jobId),
  });
  return jobOutcome(ended);
}

/** Registers `workbench resolve` and `workbench identity`. */
export function registerResolve(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('resolve')
    .description(
      'identity resolution: merge the source records into unified individuals by the ruleset (match rules, reconciliation), then print the report',
    )
    .argument('<ws>', 'workspace file')
    .option('--data-space <name>', 'data space', 'default')
    .option('--json', 'print the report as one JSON document')
    .addHelpText(
      'after',
      `
Source records come from \`workbench import <ws> source-records records.csv\`
(columns sourceId,source,email,phone,firstName,lastName,updatedAt + attributes).
The ruleset is the data space's "identityResolution" config (default: exact normalized email,
then exact normalized phone; the most recent value wins). See docs/identity-resolution.md.

Example:
  workbench resolve ws.sqlite
`,
    )
    .action(async (ws: string, o: { dataSpace: string; json?: boolean }) => {
      const json = o.json === true;
      setExit(
        await withService(io, ws, json, async (service) => {
          const r = await resolveWithProgress(io, service, o.dataSpace);
          return printResult(io, r, json, identityReportText);
        }),
      );
    });

  program
    .command('identity')
    .description("print the latest identity resolution report, or one unified individual's source records")
    .argument('<ws>', 'workspace file')
    .option(
      '--individual <id>',
      'a unified individual: its source records, how they were linked, where each attribute comes from',
    )
    .option('--data-space <name>', 'data space', 'default')
    .option('--json', 'print one JSON document')
    .action(async (ws: string, o: { individual?: string; dataSpace: string; json?: boolean }) => {
      const json = o.json === true;
      setExit(
        await withService(io, ws, json, async (service) => {
          if (o.individual !== undefined) {
            const r = await service.call('identity.individual', { dataSpace: o.dataSpace, unifiedId: o.individual });
            return printResult(io, r, json, individualText);
          }
          const r = await service.call('identity.report', { dataSpace: o.dataSpace });
          if (!r.ok) return printFault(io, r.error, json);
          if (json) {
            io.out(JSON.stringify(r.data, null, 2) + '\n');
            return EXIT.ok;
          }
          const pending =
            r.data.unresolvedRecords > 0
              ? `${n(r.data.unresolvedRecords)} of ${n(r.data.sourceRecords)} source records were imported after it; run \`workbench resolve ${ws}\`.\n`
              : '';
          if (!r.data.report)
            io.out(
              `No identity resolution yet in data space ${o.dataSpace} (${n(r.data.sourceRecords)} source records). Run \`workbench resolve ${ws}\`.\n`,
            );
          else io.out(identityReportText(r.data.report) + pending);
          return EXIT.ok;
        }),
      );
    });
}
