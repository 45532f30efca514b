import type { Fault, OutputOf } from '../api/client.ts';
import type { DecisionTrace } from '../../../engine/model/trace.ts';
import type { SliceCreator } from './store-types.ts';

export type RunTrace = OutputOf<'runs.trace'>;

/** What the trace inspector is asked to show: one individual of a run, or a fresh decision. */
export interface TraceRequest {
  individualId: string;
  runId?: number;
  /** Points to decide (fresh decisions); all the data space's points when absent. */
  points?: string[];
  asOf?: string;
}

/** What it shows: the trace, and for runs whether it reproduced the logged decision. */
export interface TraceView {
  request: TraceRequest;
  trace: DecisionTrace | null;
  fault: Fault | null;
  run?: RunTrace;
}

export interface TraceSlice {
  traceRequest: TraceRequest | null;
  traceView: TraceView | null;
  traceLoading: boolean;
  /** Opens a trace (marks `trace-open-start` for the UI benchmark). */
  openTrace(request: TraceRequest): Promise<void>;
}

/** Whether two trace requests ask for the same thing (field by field; key order does not matter). */
export const sameTraceRequest = (a: TraceRequest | null, b: TraceRequest | null): boolean =>
  a !== null &&
  b !== null &&
  a.individualId === b.individualId &&
  a.runId === b.runId &&
  a.asOf === b.asOf &&
  (a.points ?? []).join(',') === (b.points ?? []).join(',');

export const createTraceSlice: SliceCreator<TraceSlice> = (set, get) => ({
  traceRequest: null,
  traceView: null,
  traceLoading: false,
  async openTrace(request) {
    // The UI benchmark measures from here to `trace-open-end` (the trace content rendered).
    performance.mark('trace-open-start');
    set({ traceRequest: request, traceLoading: true });
    let view: TraceView;
    if (request.runId !== undefined) {
      const r = await get().call('runs.trace', { runId: request.runId, individualId: request.individualId });
      view = r.ok
        ? { request, trace: r.data.trace ?? null, fault: r.data.fault ?? null, run: r.data }
        : { request, trace: null, fault: r.error };
    } else {
      const all =
        get()
          .config?.config.dataSpaces.find((s) => s.apiName === get().dataSpace)
          ?.personalizationPoints.map((p) => p.apiName) ?? [];
      const points = request.points && request.points.length > 0 ? request.points : all;
      const r = await get().call('decide', {
        dataSpace: get().dataSpace,
        individualId: request.individualId,
        points,
        trace: true,
        ...(request.asOf ? { asOf: request.asOf } : {}),
      });
      view = r.ok ? { request, trace: r.data.trace ?? null, fault: null } : { request, trace: null, fault: r.error };
    }
    if (sameTraceRequest(get().traceRequest, request)) set({ traceView: view, traceLoading: false });
  },
});
