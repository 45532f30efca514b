// The CLI contract (README, DESIGN.md §3): with --json, every command prints exactly one JSON
// document on stdout — results, faults and usage errors alike, commander's own errors included.
// The commands are read from the program itself, so a new command is covered without a new test.
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../../engine/cli/main.ts';
import { cli, tempDir, type CliRun } from './cli-harness.ts';

const tmp = tempDir();
const ws = tmp.path('ws.sqlite');

const silent = { out: () => {}, err: () => {}, isTTY: false };
const commands: readonly Command[] = buildProgram(silent, () => {}).commands;
const names = commands.map((c) => c.name());

/** Placeholder values for a command's required arguments after <ws> and its required options. */
function requiredArgs(c: Command): string[] {
  const args = c.registeredArguments
    .slice(1)
    .filter((a) => a.required)
    .map(() => 'x');
  const options = c.options.filter((o) => o.mandatory).flatMap((o) => [o.long!, 'x']);
  return [...args, ...options];
}

/** Stdout parses as one JSON document (JSON.parse refuses two documents or any text around one). */
function oneDocument(r: CliRun): Record<string, unknown> {
  let doc: unknown;
  expect(() => (doc = JSON.parse(r.stdout)), `stdout is not one JSON document:\n${r.stdout}`).not.toThrow();
  expect(typeof doc).toBe('object');
  return doc as Record<string, unknown>;
}

beforeAll(async () => {
  const r = await cli(
    'init',
    ws,
    '--sample',
    'retail',
    '--individuals',
    '60',
    '--items',
    '30',
    '--now',
    '2026-03-01T00:00:00Z',
    '--json',
  );
  expect(r.code).toBe(0);
}, 120_000);
afterAll(() => tmp.remove());

describe('every command with --json prints one JSON document', () => {
  it('the program registers the commands of the README', () => {
    for (const name of ['init', 'import', 'decide', 'estimate', 'run', 'runs', 'trace', 'serve', 'clock'])
      expect(names).toContain(name);
  });

  it.each(names)('%s: a missing argument or required option is a JSON fault, exit 2', async (name) => {
    const r = await cli(name, '--json');
    expect(r.code).toBe(2);
    expect(oneDocument(r)).toMatchObject({ error: { code: 'InvalidInput', message: expect.any(String) } });
  });

  it.each(names)('%s: an unknown option is a JSON fault naming it, exit 2', async (name) => {
    const c = commands.find((x) => x.name() === name)!;
    const r = await cli(name, ws, ...requiredArgs(c), '--no-such-option', '--json');
    expect(r.code).toBe(2);
    expect(oneDocument(r)).toMatchObject({
      error: { code: 'InvalidInput', message: expect.stringContaining('--no-such-option') },
    });
  });

  it.each(names)('%s: --help is a JSON document too', async (name) => {
    const r = await cli(name, '--help', '--json');
    expect(r.code).toBe(0);
    expect(oneDocument(r)).toMatchObject({ help: expect.stringContaining(`workbench ${name}`) });
  });

  it.each(names.filter((n) => n !== 'init'))('%s: a workspace that does not exist is a JSON fault', async (name) => {
    const c = commands.find((x) => x.name() === name)!;
    const r = await cli(name, tmp.path('missing.sqlite'), ...requiredArgs(c), '--json');
    expect(r.code).not.toBe(0);
    expect(oneDocument(r)).toHaveProperty('error');
  });

  // serve would start a server on a valid workspace: its bad --port is the case here.
  it.each(names.filter((n) => n !== 'serve'))(
    '%s: on a workspace, placeholder input gives one document',
    async (name) => {
      const c = commands.find((x) => x.name() === name)!;
      const target = name === 'init' ? tmp.path('fresh.sqlite') : ws;
      const r = await cli(name, target, ...requiredArgs(c), '--json');
      const doc = oneDocument(r);
      if (r.code !== 0) expect(doc).toHaveProperty('error');
    },
    60_000,
  );

  it('serve: a bad --port is a JSON fault', async () => {
    const r = await cli('serve', ws, '--port', 'x', '--json');
    expect(r.code).toBe(2);
    expect(oneDocument(r)).toMatchObject({ error: { code: 'InvalidInput', field: 'port' } });
  });

  it('decide without --point (the finding): a JSON fault naming the option', async () => {
    const r = await cli('decide', ws, '--individual', 'ind_000001', '--json');
    expect(r.code).toBe(2);
    expect(oneDocument(r)).toMatchObject({ error: { message: expect.stringContaining("'--point <names>'") } });
  });

  it('bad option values are JSON faults too', async () => {
    for (const args of [
      ['decide', ws, '--individual', 'ind_000001', '--point', 'email_product_recs', '--context', '{'],
      ['runs', ws, '--limit', 'many'],
      ['trace', ws, '--run', 'latest', '--individual', 'ind_000001'],
      ['init', tmp.path('other.sqlite'), '--sample', 'fashion'],
      ['clock', ws, '--set', 'tomorrow'],
    ]) {
      const r = await cli(...args, '--json');
      expect(r.code, args.join(' ')).toBe(2);
      expect(oneDocument(r)).toMatchObject({ error: { code: 'InvalidInput' } });
    }
  });
});
