import type { ExplainNode } from '../../../engine/model/trace.ts';
import { shortJson, truthy } from './format.ts';

/** How a node came out for this individual: true, false, a value, or not evaluated. */
export function nodeVerdict(node: ExplainNode): 'true' | 'false' | 'value' | 'skipped' {
  if (node.skipped) return 'skipped';
  if (typeof node.value === 'boolean') return node.value ? 'true' : 'false';
  // and / or / if return an operand, whose truthiness decided; other operators compute a value.
  if (LOGICAL.has(node.op)) return truthy(node.value) ? 'true' : 'false';
  return 'value';
}

const LOGICAL: ReadonlySet<string> = new Set(['and', 'or', 'if', '?:', '!', '!!']);

function label(node: ExplainNode): string {
  if (node.op === 'var') return `var ${node.varPath ?? ''}${node.missing ? ' (missing)' : ''}`;
  if (node.op === 'literal') return shortJson(node.value, 48);
  return node.op;
}

function Node({ node, depth }: { node: ExplainNode; depth: number }) {
  const verdict = nodeVerdict(node);
  // A var's own operands (its path, its default) are already in its label.
  const children = node.op === 'var' || node.op === 'literal' ? [] : node.args;
  return (
    <li className={`xnode ${verdict}`} data-path={node.path} data-verdict={verdict}>
      <span className="xnode-line">
        <span className={`verdict-badge ${verdict}`} aria-label={verdict}>
          {verdict === 'true' ? '✓' : verdict === 'false' ? '✗' : verdict === 'skipped' ? '·' : '='}
        </span>
        <span className="xnode-op">{label(node)}</span>
        {node.op !== 'literal' ? (
          <span className="xnode-value">{node.skipped ? 'not evaluated' : shortJson(node.value, 70)}</span>
        ) : null}
      </span>
      {children.length > 0 && depth < 12 ? (
        <ul>
          {children.map((a, i) => (
            <Node key={`${a.path}-${i}`} node={a} depth={depth + 1} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/** A rule's explain tree, each node coloured by its value for the individual (true / false / value). */
export function ExplainTree({ node, testId }: { node: ExplainNode; testId?: string }) {
  return (
    <ul className="explain-tree" data-testid={testId}>
      <Node node={node} depth={0} />
    </ul>
  );
}
