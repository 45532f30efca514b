import { createHash } from 'node:crypto';
import { fail, ok, type Result } from '../model/errors.ts';
import type { CalculatedInsight, ProfileDataGraph } from '../model/index.ts';
import type { CompiledSegment } from '../pipeline/compile-space.ts';
import type { SpaceRuntime } from './space-runtime.ts';
import { DOCUMENT_CODEC_VERSION } from '../store/data-graph-refreshes-codec.ts';

/** What the documents of one profile data graph are built from, with its digest. */
export interface GraphDefinition {
  graph: ProfileDataGraph;
  /** The segments over this graph, in config order (each may use the ones before it). */
  segments: CompiledSegment[];
  /** Definitions of the CIs the documents hold (undefined: named but not defined). */
  insights: (CalculatedInsight | undefined)[];
  /** sha256 of the above and of the document encoding: a refresh built from another definition is not reused. */
  hash: string;
}

/** The definition of a profile data graph of the runtime's data space; NotFound for an unknown graph. */
export function graphDefinition(
  runtime: Pick<SpaceRuntime, 'apiName' | 'config' | 'compiled'>,
  graphName: string,
): Result<GraphDefinition> {
  const graph = runtime.config.profileDataGraphs.find((g) => g.apiName === graphName);
  if (!graph) {
    const known = runtime.config.profileDataGraphs.map((g) => g.apiName).join(', ') || 'none';
    return fail(
      'NotFound',
      `profile data graph "${graphName}" does not exist in data space ${runtime.apiName} (known: ${known})`,
      { field: 'graph' },
    );
  }
  const segments = runtime.compiled.segments.filter((s) => s.segment.profileDataGraph === graph.apiName);
  const insights = graph.calculatedInsights.map((name) =>
    runtime.config.calculatedInsights.find((c) => c.apiName === name),
  );
  const hash = createHash('sha256')
    .update(
      JSON.stringify({
        codec: DOCUMENT_CODEC_VERSION,
        graph,
        segments: segments.map((s) => s.segment),
        insights: insights.map((c, i) => c ?? graph.calculatedInsights[i]),
      }),
    )
    .digest('hex');
  return ok({ graph, segments, insights, hash });
}
