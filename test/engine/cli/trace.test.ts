import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AS_OF, execute, query, sampleWorkspace } from '../batch/run-fixture.ts';
import { cli, tempDir } from './cli-harness.ts';

const tmp = tempDir();
const ws = tmp.path('ws.sqlite');
let member: string;

beforeAll(async () => {
  await sampleWorkspace(ws, { individuals: 300, items: 100, chunkSize: 50 });
  const r = await cli('run', ws, '--campaign', 'Two Point Test', '--as-of', AS_OF, '--workers', '1', '--json');
  if (r.code !== 0) throw new Error(r.stderr);
  member = query<{ individual_id: string }>(
    ws,
    'SELECT individual_id FROM decision_log WHERE run_id = 1 ORDER BY seq LIMIT 1 OFFSET 20',
  )[0]!.individual_id;
});
afterAll(() => tmp.remove());

describe('workbench trace', () => {
  it("reproduces a member's decisions with the full trace and says they equal the logged ones", async () => {
    const r = await cli('trace', ws, '--run', '1', '--individual', member);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(
        `^Run 1 \\(Two Point Test\\), individual ${member}, as of 2026-11-28T00:00:00.000Z, config revision \\d+, Customer_Profile refresh \\d+ at 2026-11-28T00:00:00.000Z$`,
        'm',
      ),
    );
    expect(r.stdout).toMatch(/^Reproduced: the decision equals the logged one on all 2 points\.$/m);
    expect(r.stdout).toMatch(/^Point email_product_recs: /m);
    expect(r.stdout).toMatch(/^Point onboarding_banner: .*\n {2}experiment onboarding_banner_copy: hash 0\.\d{4}/m);
    const json = (await cli('trace', ws, '--run', '1', '--individual', member, '--json')).json() as {
      reproduced: boolean;
      differences: string[];
      logged: { point: string; personalizationId: string }[];
      trace: {
        requestId: string;
        points: { personalizationPointId: string }[];
        response: { personalizations: { personalizationId: string }[] };
      };
    };
    expect(json.reproduced).toBe(true);
    expect(json.differences).toEqual([]);
    expect(json.trace.points.map((p) => p.personalizationPointId)).toEqual(['email_product_recs', 'onboarding_banner']);
    expect(json.trace.response.personalizations.map((p) => p.personalizationId)).toEqual(
      json.logged.map((l) => l.personalizationId),
    );
  });

  it('flags a logged decision that the reproduction does not give (exit 1)', async () => {
    execute(
      ws,
      "UPDATE decision_log SET decision = 'tampered', item_ids = '[\"prod_x\"]' WHERE run_id = 1 AND individual_id = ? AND point = 'email_product_recs'",
      member,
    );
    const r = await cli('trace', ws, '--run', '1', '--individual', member);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^DIFFERS from the logged decision:$/m);
    expect(r.stdout).toMatch(/^ {2}- email_product_recs: decision was "tampered" in the run, "\w+" now$/m);
    expect(r.stdout).toMatch(/^ {2}- email_product_recs: itemIds was \["prod_x"\] in the run, \[.*\] now$/m);
  });

  it.each([
    [['--run', '1', '--individual', 'ind_999999'], /NotFound: individual "ind_999999" has no decisions in run 1/],
    [['--run', '7', '--individual', 'ind_000001'], /NotFound: run 7 does not exist/],
    [['--run', 'latest', '--individual', 'ind_000001'], /--run must be a run id/],
  ])('refuses %j with exit 2', async (args, message) => {
    const r = await cli('trace', ws, ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
