import { z } from 'zod';
import type { Result } from '../model/index.ts';
import type { ServiceContext } from './context.ts';
import type { JobId, JobKind } from './jobs.ts';

/** One operation of the service API: validated input, typed output, handler returning a Result. */
export interface Operation<I extends z.ZodType, O> {
  summary: string;
  input: I;
  output: z.ZodType<O>;
  handler: (ctx: ServiceContext, input: z.output<I>, signal?: AbortSignal) => Result<O> | Promise<Result<O>>;
}

/** Declares an operation; the identity function, there for inference. */
export const defineOperation = <I extends z.ZodType, O>(op: Operation<I, O>): Operation<I, O> => op;

/** Output schema for shapes defined as TypeScript interfaces in engine/model (trusted engine output). */
export const shape = <T>(description: string) =>
  z.custom<T>(() => true, { message: description }).describe(description);

/** Output schema of the id of a job an operation starts: a string that carries its kind in the types. */
export const jobIdOutput = <K extends JobKind>(kind: K) =>
  z.custom<JobId<K>>((v) => typeof v === 'string', { message: `the id of a ${kind} job` }).describe(`${kind} job id`);
