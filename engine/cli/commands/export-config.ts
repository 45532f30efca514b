import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { printFault, type Io } from '../output.ts';
import { withService } from '../with-service.ts';

export function registerExportConfig(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('export-config')
    .description('write the workspace configuration as one versioned JSON document (to a file or stdout)')
    .argument('<ws>', 'workspace file')
    .argument('[file]', 'output file; stdout when absent')
    .option('--json', 'print one JSON document (the config itself when no file is given)')
    .action(async (ws: string, file: string | undefined, o: { json?: boolean }) => {
      const json = o.json === true;
      setExit(
        await withService(
          io,
          ws,
          json,
          async (service) => {
            const r = await service.call('config.export', {});
            if (!r.ok) return printFault(io, r.error, json);
            if (!file) {
              io.out(r.data.json);
              return 0;
            }
            try {
              writeFileSync(file, r.data.json);
            } catch (e) {
              return printFault(
                io,
                { code: 'InvalidInput', message: `${file}: cannot write (${(e as Error).message})`, file },
                json,
              );
            }
            if (json) io.out(JSON.stringify({ file, revision: r.data.revision }) + '\n');
            else io.out(`Wrote configuration revision ${r.data.revision} to ${file}.\n`);
            return 0;
          },
          { readonly: true },
        ),
      );
    });
}
