// GET /api/ops: every operation with its summary and, where zod can express it, its input's JSON Schema.
import { z } from 'zod';
import { operations } from '../service/operations.ts';
import type { Operation } from '../service/operation.ts';

export interface OperationSummary {
  name: string;
  summary: string;
  inputSchema?: unknown;
}

let cached: OperationSummary[] | undefined;

/** The operation list (computed once: the map is fixed at start). */
export function operationList(): OperationSummary[] {
  cached ??= Object.entries(operations as Record<string, Operation<z.ZodType, unknown>>)
    .map(([name, op]) => {
      let inputSchema: unknown;
      try {
        inputSchema = z.toJSONSchema(op.input, { io: 'input', unrepresentable: 'any' });
      } catch {
        inputSchema = undefined;
      }
      return inputSchema === undefined ? { name, summary: op.summary } : { name, summary: op.summary, inputSchema };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  return cached;
}
