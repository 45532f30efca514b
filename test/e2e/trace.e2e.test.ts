// The analyst clicks into an individual's decision trace; the trace the UI shows is the CLI's.
import { describe, expect, it } from 'vitest';
import { useWorkbench } from './harness/workbench.ts';
import { E2E_AS_OF } from './ui-figures.ts';

const wb = useWorkbench();

interface CliTrace {
  reproduced: boolean;
  trace?: { points: { personalizationPointId: string; decisionId: string | null; outcome: string }[]; credits: number };
}

/** A finished dry run of the weekly loyalty campaign, made through the service. */
async function finishedRun(): Promise<number> {
  const started = await wb.api.call('runs.start', {
    campaign: 'Weekly Loyalty Email',
    asOf: E2E_AS_OF,
    out: `${wb.workspace}.weekly.jsonl`,
  });
  if (!started.ok) throw new Error(started.error.message);
  const ended = await wb.api.call('jobs.wait', { id: started.data.jobId });
  if (!ended.ok || ended.data.status !== 'succeeded') throw new Error(`run did not succeed: ${JSON.stringify(ended)}`);
  return started.data.runId;
}

describe('trace inspector in the browser', () => {
  it("opens an individual's trace from a run's decisions; it is the CLI's trace", async () => {
    const runId = await finishedRun();
    const page = wb.page;
    await wb.open(`/#/runs?run=${runId}`);
    const firstRow = page.getByTestId('decisions-table').locator('[role="row"][aria-rowindex="1"]');
    await firstRow.waitFor();
    const individual = (await firstRow.locator('[role="cell"]').nth(1).textContent())!.trim();
    await firstRow.click();
    const content = page.getByTestId('trace-content');
    await content.waitFor();
    await expect.poll(async () => page.getByTestId('reproduction').textContent()).toContain(`Reproduced run ${runId}`);

    const cli = await wb.cli('trace', '--run', String(runId), '--individual', individual, '--json');
    expect(cli.code).toBe(0);
    const t = cli.json<CliTrace>();
    expect(t.reproduced).toBe(true);
    for (const p of t.trace!.points) {
      const section = page.getByTestId(`trace-point-${p.personalizationPointId}`);
      const header = (await section.locator('.panel-head').textContent())!;
      expect(header).toContain(p.decisionId ?? 'no decision');
      expect(header).toContain(p.outcome);
    }
    expect(Number(await page.getByTestId('trace-credits').textContent())).toBe(t.trace!.credits);
    // Stages with timings, candidates, the channel preview.
    expect(await page.getByTestId('stage-timeline').locator('[data-stage]').count()).toBe(5);
    await page.getByTestId('channel-preview').waitFor();
    // The benchmark's marks: from the click to the trace content on screen.
    const measured = await page.evaluate(() => {
      const start = performance.getEntriesByName('trace-open-start', 'mark').at(-1);
      const end = performance.getEntriesByName('trace-open-end', 'mark').at(-1);
      return start && end ? end.startTime - start.startTime : null;
    });
    expect(measured).not.toBeNull();
    expect(measured!).toBeGreaterThanOrEqual(0);
    await wb.screenshot('trace-inspector');
    await page.getByText('Channel preview (email)', { exact: true }).scrollIntoViewIfNeeded();
    await page.mouse.wheel(0, -12);
    await wb.screenshot('trace-channel-preview');
    expect(wb.browserErrors).toEqual([]);
  });

  it('traces a fresh decision of every point for an example individual, as `workbench decide --trace` does', async () => {
    const info = await wb.api.call('workspace.info', {});
    const individual = info.ok ? info.data.sample!.exampleIndividualIds[1]! : '';
    const page = wb.page;
    await wb.open(`/#/trace?individual=${individual}&asOf=${encodeURIComponent(E2E_AS_OF)}`);
    await page.getByTestId('trace-content').waitFor();
    const cfg = await wb.api.call('config.get', {});
    const points = cfg.ok ? cfg.data.config.dataSpaces[0]!.personalizationPoints.map((p) => p.apiName) : [];
    const cli = await wb.cli(
      'decide',
      '--individual',
      individual,
      '--point',
      points.join(','),
      '--as-of',
      E2E_AS_OF,
      '--trace',
      '--json',
    );
    expect(cli.code).toBe(0);
    const doc = cli.json<{
      trace: { response: unknown; points: { personalizationPointId: string; decisionId: string | null }[] };
    }>();
    for (const p of doc.trace.points)
      expect(
        await page.getByTestId(`trace-point-${p.personalizationPointId}`).locator('.panel-head').textContent(),
      ).toContain(p.decisionId ?? 'no decision');
    // The response the UI shows is, byte for byte in meaning, the CLI's.
    expect(JSON.parse((await page.getByTestId('response-json').textContent())!)).toEqual(doc.trace.response);
  });
});
