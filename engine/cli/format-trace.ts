import type { DecisionTrace, ExplainNode } from '../model/index.ts';

const short = (v: unknown): string => {
  const s = JSON.stringify(v);
  return s === undefined ? 'undefined' : s.length > 60 ? s.slice(0, 57) + '…' : s;
};

function explainLines(node: ExplainNode, depth: number, out: string[]): void {
  const mark = node.skipped
    ? '·'
    : node.value === false || node.value === null || node.value === 0 || node.value === ''
      ? '✗'
      : '✓';
  const label = node.op === 'var' ? `var ${node.varPath ?? ''}${node.missing ? ' (missing)' : ''}` : node.op;
  out.push(`${'  '.repeat(depth)}${mark} ${label} = ${node.skipped ? '(not evaluated)' : short(node.value)}`);
  // A var's own operands (its path, its default) are already in its label.
  if (depth < 6 && node.op !== 'var') for (const a of node.args) explainLines(a, depth + 1, out);
}

/** A readable rendering of a decision trace, for the terminal. */
export function formatTrace(trace: DecisionTrace): string {
  const out: string[] = [];
  out.push(`Trace ${trace.requestId} — ${trace.individualId} as of ${trace.asOf} (data space ${trace.dataSpace})`);
  out.push(`  profile data: refreshed at ${trace.freshness.profileRefreshedAt ?? 'n/a'}`);
  for (const s of trace.freshness.stale) out.push(`  stale: ${s}`);
  out.push('  stages:');
  for (const s of trace.stages)
    out.push(`    ${s.stage.padEnd(13)} ${s.durationMs.toFixed(3).padStart(8)} ms  ${s.summary}`);
  for (const p of trace.points) {
    out.push('');
    out.push(
      `Point ${p.personalizationPointId}: ${p.outcome}${p.decisionId ? ` → ${p.decisionId}` : ''} (${p.reason}), ${p.credits} credit(s)`,
    );
    if (p.fault) out.push(`  fault ${p.fault.code}: ${p.fault.message}`);
    if (p.experiment) {
      const e = p.experiment;
      out.push(
        `  experiment ${e.key}: hash ${e.hashValue.toFixed(4)}, ${e.inPool ? `variant ${e.variantKey}${e.control ? ' (control)' : ''}` : 'not in the experiment pool'}`,
      );
    }
    for (const d of p.decisions) {
      out.push(
        `  decision ${d.decisionId} (priority ${d.priority}): ${d.status}${d.rule === null ? ' — no targeting rule (everyone)' : ''}`,
      );
      if (d.whyNot) out.push(`    why not: ${d.whyNot.description} at ${d.whyNot.path}`);
      if (d.error) out.push(`    error: ${d.error}`);
      if (d.explain && (d.status === 'matched' || d.status === 'not-matched')) {
        const lines: string[] = [];
        explainLines(d.explain, 2, lines);
        out.push(...lines);
      }
    }
    const pz = p.personalizing;
    if (pz?.mergeFields) {
      for (const m of pz.mergeFields)
        out.push(
          `  ${m.field} = ${short(m.value)}${m.missing.length > 0 ? `  (missing merge fields: ${m.missing.join(', ')})` : ''}`,
        );
    }
    if (pz?.recommender) {
      const r = pz.recommender;
      out.push(
        `  recommender ${r.apiName} (${r.type}, ${r.strategy}): ${r.returned}/${r.requested} items${r.contributed !== undefined && r.contributed < r.returned ? ` (${r.contributed} its own, ${r.returned - r.contributed} from backfill)` : ''}`,
      );
      out.push(`    source: ${r.source}${r.sourceRefreshedAt ? `, refreshed at ${r.sourceRefreshedAt}` : ''}`);
      for (const ci of r.insights ?? [])
        out.push(
          `    calculated insight ${ci.name} (${ci.subject}): ${ci.refreshedAt ? `refreshed at ${ci.refreshedAt}${ci.refreshKind ? ` (${ci.refreshKind})` : ''}` : 'never refreshed'}`,
        );
      if (r.trainedAt)
        out.push(
          `    model trained at ${r.trainedAt}${r.unknownItems && r.unknownItems.length > 0 ? `; ${r.unknownItems.length} item(s) created since are unknown to it` : ''}`,
        );
      if (r.note) out.push(`    note: ${r.note}`);
      for (const c of r.candidates) {
        const boost = c.boost !== undefined ? ` ×${c.boost} (base ${c.baseScore})` : '';
        const via = c.from ? `  via ${c.from}` : '';
        out.push(
          `    ${c.rank !== null ? `#${String(c.rank).padEnd(3)}` : '  – '} ${c.itemId.padEnd(14)} score ${String(c.score).padStart(6)}${boost}${via}${c.excluded ? `  dropped: ${c.excluded}` : ''}`,
        );
      }
      if (r.notConsidered) out.push(`    (${r.notConsidered} lower-scored candidates not considered)`);
      for (const b of r.backfill ?? []) {
        out.push(
          `    backfill ${b.apiName} (${b.strategy}): +${b.contributed} — ${b.source}${b.sourceRefreshedAt ? `, refreshed at ${b.sourceRefreshedAt}` : ''}${b.note ? `; ${b.note}` : ''}`,
        );
      }
    }
  }
  return out.join('\n') + '\n';
}
