import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { fail, ok, type Problem, type Result } from '../../model/errors.ts';
import type { WorkspaceConfig } from '../../model/index.ts';
import { validateConfig } from '../../config/validate.ts';
import { defineOperation, shape } from '../operation.ts';
import { writeConflict, type ServiceContext } from '../context.ts';
import { parseJsonText } from '../json-text.ts';

const ConfigCheckOutput = z.object({
  valid: z.boolean(),
  errors: z.array(shape<Problem>('problem')),
  warnings: z.array(shape<Problem>('problem')),
});

/** Validates a config against the workspace (counts for cohort warnings) and saves it as a new revision. */
export function saveConfig(
  ctx: ServiceContext,
  raw: unknown,
  note: string,
  source?: string,
): Result<{ revision: number; warnings: Problem[] }> {
  const individualsBySpace = Object.fromEntries(ctx.store.listDataSpaces().map((s) => [s.apiName, s.individuals]));
  const check = validateConfig(raw, { individualsBySpace });
  if (!check.config) {
    const where = source ? `${source}: ` : '';
    return fail(
      'InvalidInput',
      `${where}the configuration has ${check.errors.length} problem(s); nothing was saved. First: ${check.errors[0]!.path} ${check.errors[0]!.message}`,
      {
        ...(source ? { file: source } : {}),
        problems: check.errors.map((p) => (source ? { ...p, file: source } : p)),
        problemCount: check.errors.length,
      },
    );
  }
  const config = check.config;
  for (const space of config.dataSpaces) ctx.store.ensureDataSpace(space.apiName, space.label);
  const revision = ctx.store.saveConfig(config, note, new Date(ctx.now()).toISOString());
  ctx.sources.invalidate();
  return ok({ revision, warnings: check.warnings }, check.warnings);
}

export const configOps = {
  'config.get': defineOperation({
    summary: 'The current workspace configuration and its revision.',
    input: z.object({}).default({}),
    output: z.object({ revision: z.number(), savedAt: z.string(), config: shape<WorkspaceConfig>('WorkspaceConfig') }),
    handler: (ctx) => {
      const cfg = ctx.sources.config();
      if (!cfg.ok) return cfg;
      const stored = ctx.store.getConfig()!;
      return ok({ revision: cfg.data.revision, savedAt: stored.savedAt, config: cfg.data.config });
    },
  }),
  'config.validate': defineOperation({
    summary: 'Checks a configuration without saving it: shape, references, fields used by rules, product limits.',
    input: z.object({ config: z.unknown() }),
    output: ConfigCheckOutput,
    handler: (ctx, { config }) => {
      const individualsBySpace = Object.fromEntries(ctx.store.listDataSpaces().map((s) => [s.apiName, s.individuals]));
      const check = validateConfig(config, { individualsBySpace });
      return ok({ valid: check.errors.length === 0, errors: check.errors, warnings: check.warnings });
    },
  }),
  'config.save': defineOperation({
    summary: 'Validates and saves a configuration as a new revision; an invalid one changes nothing.',
    input: z.object({ config: z.unknown(), note: z.string().default('saved') }),
    output: z.object({ revision: z.number(), warnings: z.array(shape<Problem>('problem')) }),
    handler: (ctx, { config, note }) => {
      const busy = writeConflict(ctx, 'write');
      if (busy) return fail('Conflict', `the configuration was not saved — ${busy}`);
      return saveConfig(ctx, config, note);
    },
  }),
  'config.export': defineOperation({
    summary: 'The configuration as one versioned JSON document (stable key order), for git.',
    input: z.object({}).default({}),
    output: z.object({ json: z.string(), revision: z.number() }),
    handler: (ctx) => {
      const cfg = ctx.sources.config();
      if (!cfg.ok) return cfg;
      return ok({ json: JSON.stringify(cfg.data.config, null, 2) + '\n', revision: cfg.data.revision });
    },
  }),
  'config.import': defineOperation({
    summary: 'Reads a configuration JSON file, validates it and saves it as a new revision (all or nothing).',
    input: z.object({ file: z.string().min(1) }),
    output: z.object({ revision: z.number(), warnings: z.array(shape<Problem>('problem')) }),
    handler: async (ctx, { file }) => {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (e) {
        return fail(
          'InvalidInput',
          `${file}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
          { file },
        );
      }
      const parsed = parseJsonText(text, file);
      if (!parsed.ok) return parsed;
      const busy = writeConflict(ctx, 'write');
      if (busy) return fail('Conflict', `${file}: not imported — ${busy}`, { file });
      return saveConfig(ctx, parsed.data, `imported from ${file}`, file);
    },
  }),
};
