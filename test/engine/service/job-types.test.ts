// The typed job contract, checked by the compiler: job kinds come from the operation map, each kind
// has its own progress and result, and a job id remembers its kind.
import { describe, expectTypeOf, it } from 'vitest';
import type { Fault } from '../../../engine/model/errors.ts';
import type { RunSummary } from '../../../engine/batch/run-summary.ts';
import type { JobEvent, JobId, JobInfo, JobKind, JobProgressOf, JobResultOf } from '../../../engine/service/jobs.ts';
import type { OutputOf, StartedJobKind } from '../../../engine/service/operations.ts';
import type { ImportOutcome } from '../../../engine/service/ops/import.ts';
import type { IdentityReport } from '../../../engine/batch/identity-resolution.ts';
import type { RefreshOutcome } from '../../../engine/service/ops/refresh.ts';
import type { RunJobCounters } from '../../../engine/service/ops/runs.ts';
import type { JobRegistry } from '../../../engine/service/jobs.ts';

describe('job types', () => {
  it('has one kind per job the operations start, and no other', () => {
    expectTypeOf<JobKind>().toEqualTypeOf<StartedJobKind>();
    expectTypeOf<JobKind>().toEqualTypeOf<
      'run' | 'refresh' | 'identity.resolve' | 'train' | 'evaluate' | 'insight-refresh' | 'import'
    >();
  });

  it('types the id each start operation returns with the kind of its job', () => {
    expectTypeOf<OutputOf<'import.start'>['jobId']>().toEqualTypeOf<JobId<'import'>>();
    expectTypeOf<OutputOf<'runs.start'>['jobId']>().toEqualTypeOf<JobId<'run'>>();
    expectTypeOf<OutputOf<'runs.resume'>['jobId']>().toEqualTypeOf<JobId<'run'>>();
    expectTypeOf<OutputOf<'refreshes.start'>['jobId']>().toEqualTypeOf<JobId<'refresh'>>();
    expectTypeOf<OutputOf<'identity.resolve'>['jobId']>().toEqualTypeOf<JobId<'identity.resolve'>>();
    // A run's id is not an import's.
    expectTypeOf<JobId<'run'>>().not.toMatchTypeOf<JobId<'import'>>();
  });

  it('gives each kind its progress and result', () => {
    expectTypeOf<JobResultOf<'import'>>().toEqualTypeOf<ImportOutcome>();
    expectTypeOf<JobResultOf<'run'>>().toEqualTypeOf<RunSummary>();
    expectTypeOf<JobResultOf<'refresh'>>().toEqualTypeOf<RefreshOutcome>();
    expectTypeOf<JobResultOf<'identity.resolve'>>().toEqualTypeOf<IdentityReport>();
    expectTypeOf<NonNullable<JobProgressOf<'run'>['counters']>>().toEqualTypeOf<RunJobCounters>();
    expectTypeOf<NonNullable<JobProgressOf<'import'>['counters']>>().toEqualTypeOf<{ rows: number }>();
  });

  it('narrows a job by its kind, then by its status', () => {
    const check = (job: JobInfo) => {
      if (job.kind === 'import') {
        expectTypeOf(job.progress.counters).toEqualTypeOf<{ rows: number } | undefined>();
        if (job.status === 'succeeded') expectTypeOf(job.result).toEqualTypeOf<ImportOutcome>();
        if (job.status === 'failed') expectTypeOf(job.error).toEqualTypeOf<Fault>();
      }
    };
    const onEvent = (e: JobEvent) => {
      if (e.kind === 'run' && e.job.status === 'succeeded') expectTypeOf(e.job.result).toEqualTypeOf<RunSummary>();
    };
    expectTypeOf(check).toBeFunction();
    expectTypeOf(onEvent).toBeFunction();
  });

  it('waits for and watches a job typed by the kind its id carries', () => {
    expectTypeOf<JobRegistry['wait']>().parameter(0).toEqualTypeOf<JobId<JobKind>>();
    const follow = (jobs: JobRegistry, id: JobId<'import'>) => jobs.wait(id);
    expectTypeOf(follow).returns.toEqualTypeOf<Promise<JobInfo<'import'>> | undefined>();
  });
});
