import type { Command } from 'commander';
import { formatTrace } from '../format-trace.ts';
import { printFault, printWarnings, type Io } from '../output.ts';
import { jsonOption } from '../parse.ts';
import { withService } from '../with-service.ts';
import type { JsonValue } from '../../model/index.ts';

export function registerDecide(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('decide')
    .description(
      "ask for one individual's decision on one or more personalization points (1 decision credit per point)",
    )
    .argument('<ws>', 'workspace file')
    .requiredOption('--individual <id>', 'unified individual id')
    .requiredOption('--point <names>', 'personalization point api name(s), comma-separated')
    .option('--context <json>', 'request context, e.g. \'{"anchorItemId":"prod_00012","category":"Running Shoes"}\'')
    .option(
      '--as-of <iso>',
      'decide as of this time (default: the workspace clock); data is as of the last refreshes before it',
    )
    .option('--data-space <name>', 'data space', 'default')
    .option('--trace', 'add the decision trace: stages, rule trees, experiment bucket, candidates')
    .option('--json', 'print one JSON document: the response (with "trace" when --trace)')
    .addHelpText(
      'after',
      '\nExample:\n  workbench decide ws.sqlite --individual ind_000042 --point home_page_recs,onboarding_banner --trace\n',
    )
    .action(
      async (
        ws: string,
        o: {
          individual: string;
          point: string;
          context?: string;
          asOf?: string;
          dataSpace: string;
          trace?: boolean;
          json?: boolean;
        },
      ) => {
        const json = o.json === true;
        const ctx = jsonOption(io, 'context', o.context, json);
        if (!ctx.ok) return setExit(2);
        if (
          ctx.value !== undefined &&
          (typeof ctx.value !== 'object' || ctx.value === null || Array.isArray(ctx.value))
        ) {
          setExit(
            printFault(
              io,
              { code: 'InvalidInput', message: '--context must be a JSON object', field: 'context' },
              json,
            ),
          );
          return;
        }
        const points = o.point
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s.length > 0);
        setExit(
          await withService(
            io,
            ws,
            json,
            async (service) => {
              const r = await service.call('decide', {
                individualId: o.individual,
                points,
                dataSpace: o.dataSpace,
                ...(ctx.value !== undefined ? { context: ctx.value as Record<string, JsonValue> } : {}),
                ...(o.asOf !== undefined ? { asOf: o.asOf } : {}),
                trace: o.trace === true,
              });
              if (!r.ok) return printFault(io, r.error, json);
              printWarnings(io, r.warnings);
              const doc = { ...r.data.response, ...(r.data.trace ? { trace: r.data.trace } : {}) };
              if (json) io.out(JSON.stringify(doc, null, 2) + '\n');
              else {
                io.out(JSON.stringify(r.data.response, null, 2) + '\n');
                io.out(`${r.data.credits} decision credit(s)\n`);
                if (r.data.trace) io.out('\n' + formatTrace(r.data.trace));
              }
              return r.data.response.errors ? 1 : 0;
            },
            { readonly: true },
          ),
        );
      },
    );
}
