import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../engine/cli/main.ts';
import { summaryText } from '../engine/cli/commands/init.ts';
import { initWorkspace } from '../engine/service/init.ts';
import { openService } from '../engine/service/service.ts';
import { progressLine, processIo } from '../engine/cli/output.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The sample workspace `npm start` opens: workspaces/sample.sqlite, created on first start. */
export const SAMPLE_WORKSPACE = join(root, 'workspaces', 'sample.sqlite');

/** Creates the sample workspace when missing (or reuses it) and prints its summary and next steps. */
export async function start(_args: string[]): Promise<number> {
  const io = processIo();
  const rel = relative(process.cwd(), SAMPLE_WORKSPACE) || SAMPLE_WORKSPACE;
  if (!existsSync(SAMPLE_WORKSPACE)) {
    mkdirSync(dirname(SAMPLE_WORKSPACE), { recursive: true });
    io.err(`Creating the sample workspace ${rel} (retail sample, seed 1)…\n`);
    const bar = progressLine(io);
    const r = await initWorkspace(SAMPLE_WORKSPACE, { sample: 'retail', seed: 1, onProgress: (p) => bar.update(`${p.phase}: ${p.done.toLocaleString('en-US')}`) });
    bar.done();
    if (!r.ok) return runCli(['--help']);
  }
  const service = openService(SAMPLE_WORKSPACE);
  if (!service.ok) {
    io.err(`workbench: ${service.error.code}: ${service.error.message}\nDelete ${rel} and run npm start again to recreate it.\n`);
    return 2;
  }
  const info = await service.data.call('workspace.info', {});
  const cfg = await service.data.call('config.get', {});
  service.data.close();
  if (!info.ok || !cfg.ok) return 1;
  const space = cfg.data.config.dataSpaces[0]!;
  io.out(
    summaryText({
      file: rel,
      sample: info.data.sample ? { kind: 'retail', seed: info.data.sample.seed, endsAt: info.data.dataSpaces[0]?.eventsTo ?? '', exampleIndividualIds: info.data.sample.exampleIndividualIds } : null,
      dataSpaces: info.data.dataSpaces,
      points: space.personalizationPoints.map((p) => p.apiName),
      segments: space.segments.map((s) => s.apiName),
      campaigns: space.campaigns.map((c) => c.name),
      exampleIndividualIds: info.data.sample?.exampleIndividualIds ?? [],
    }),
  );
  io.out(`\nMore: npx workbench --help\n`);
  return 0;
}
