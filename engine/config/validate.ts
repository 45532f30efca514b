import { Cron } from 'croner';
import type { z } from 'zod';
import {
  ITEM_BASE_FIELDS,
  RESERVED_PROFILE_NAMES,
  WorkspaceConfig,
  type DataSpaceConfig,
  type Problem,
  type ProfileDataGraph,
  type Rule,
} from '../model/index.ts';
import {
  checkRuleTypes,
  countConditions,
  compile,
  referencedSegments,
  referencedVars,
  RuleCompileError,
} from '../rules/index.ts';
import { profileVarTypes } from './rule-types.ts';
import { checkExperiment } from '../experiments/index.ts';
import { malformedPlaceholders, parseTemplate } from '../pipeline/merge-fields.ts';
import { jsonPath, joinPath } from './json-path.ts';
import { didYouMean } from '../model/suggest.ts';
import { LIMITS } from './limits.ts';
import { tooDeepAt, tooDeepMessage } from '../model/json-depth.ts';
import { relativeOutputPathProblem } from './output-path.ts';
import { checkInsightsAndRecommenders } from './validate-insights.ts';
import { checkWindows } from './check-windows.ts';
import { checkObjectiveRecommenders } from '../recommenders/objective/validate-objective.ts';
import { checkIdentityResolution } from '../identity/check-ruleset.ts';

export interface ConfigCheck {
  errors: Problem[];
  warnings: Problem[];
}

export interface ValidateOptions {
  /** Individuals per data space, for the experiment cohort-size warning. */
  individualsBySpace?: Record<string, number>;
}

/** Converts zod issues to located problems. */
export function zodProblems(error: z.ZodError, prefix: ReadonlyArray<string | number> = []): Problem[] {
  return error.issues.map((i) => ({
    path: jsonPath([...prefix, ...(i.path as (string | number)[])]),
    message: i.message,
  }));
}

/**
 * Parses and checks a whole workspace config: shape (zod), references between objects, the fields
 * rules and merge fields may use, and the product's limits. Returns the parsed config when valid.
 */
export function validateConfig(raw: unknown, opts: ValidateOptions = {}): ConfigCheck & { config?: WorkspaceConfig } {
  // 1. Shape (after the depth: the schema check recurses once per level).
  const deep = tooDeepAt(raw);
  if (deep !== undefined) return { errors: [{ path: deep, message: tooDeepMessage() }], warnings: [] };
  const parsed = WorkspaceConfig.safeParse(raw);
  if (!parsed.success) return { errors: zodProblems(parsed.error), warnings: [] };
  const config = parsed.data;
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  unique(
    config.dataSpaces.map((s) => s.apiName),
    (i) => jsonPath(['dataSpaces', i, 'apiName']),
    'data space',
    errors,
  );
  // 2. Each data space on its own.
  config.dataSpaces.forEach((space, si) => {
    checkSpace(space, ['dataSpaces', si], opts.individualsBySpace?.[space.apiName], errors, warnings);
  });
  return errors.length > 0 ? { errors, warnings } : { errors, warnings, config };
}

function unique(names: string[], pathOf: (i: number) => string, what: string, errors: Problem[]): void {
  const seen = new Map<string, number>();
  names.forEach((n, i) => {
    const first = seen.get(n);
    if (first !== undefined)
      errors.push({ path: pathOf(i), message: `duplicate ${what} "${n}" (first defined at ${pathOf(first)})` });
    else seen.set(n, i);
  });
}

const ENGAGEMENT_ROW_FIELDS = ['itemId', 'type', 'timestamp', 'quantity', 'price'];

function checkSpace(
  space: DataSpaceConfig,
  at: (string | number)[],
  individuals: number | undefined,
  errors: Problem[],
  warnings: Problem[],
): void {
  const p = (...rest: (string | number)[]) => jsonPath([...at, ...rest]);
  unique(
    space.profileDataGraphs.map((g) => g.apiName),
    (i) => p('profileDataGraphs', i, 'apiName'),
    'profile data graph',
    errors,
  );
  unique(
    space.itemDataGraphs.map((g) => g.apiName),
    (i) => p('itemDataGraphs', i, 'apiName'),
    'item data graph',
    errors,
  );
  unique(
    space.segments.map((g) => g.apiName),
    (i) => p('segments', i, 'apiName'),
    'segment',
    errors,
  );
  unique(
    space.recommenders.map((g) => g.apiName),
    (i) => p('recommenders', i, 'apiName'),
    'recommender',
    errors,
  );
  unique(
    space.personalizationPoints.map((g) => g.apiName),
    (i) => p('personalizationPoints', i, 'apiName'),
    'personalization point',
    errors,
  );
  unique(
    space.campaigns.map((g) => g.name),
    (i) => p('campaigns', i, 'name'),
    'campaign',
    errors,
  );

  const profileGraphs = new Map(space.profileDataGraphs.map((g) => [g.apiName, g]));
  const itemGraphs = new Map(space.itemDataGraphs.map((g) => [g.apiName, g]));
  const recommenders = new Map(space.recommenders.map((r) => [r.apiName, r]));
  const segmentNames = space.segments.map((s) => s.apiName);

  // Profile data graphs: field names unique and not reserved.
  space.profileDataGraphs.forEach((g, gi) => {
    unique(
      g.fields.map((f) => f.name),
      (i) => p('profileDataGraphs', gi, 'fields', i, 'name'),
      'field',
      errors,
    );
    g.fields.forEach((f, fi) => {
      if ((RESERVED_PROFILE_NAMES as readonly string[]).includes(f.name))
        errors.push({
          path: p('profileDataGraphs', gi, 'fields', fi, 'name'),
          message: `"${f.name}" is reserved in the profile document (${RESERVED_PROFILE_NAMES.join(', ')})`,
        });
    });
  });
  space.itemDataGraphs.forEach((g, gi) => {
    g.fields.forEach((f, fi) => {
      if (ITEM_BASE_FIELDS.some((b) => b.name === f.name))
        errors.push({
          path: p('itemDataGraphs', gi, 'fields', fi, 'name'),
          message: `"${f.name}" is a base field of every item; remove it from the extra fields`,
        });
    });
  });

  const graphRef = (name: string, path: string, kind: 'profile' | 'item'): boolean => {
    const map = kind === 'profile' ? profileGraphs : itemGraphs;
    if (map.has(name)) return true;
    errors.push({ path, message: `unknown ${kind} data graph "${name}"${didYouMean(name, map.keys())}` });
    return false;
  };

  // Segments: rule over the profile graph; may use only segments defined before them.
  space.segments.forEach((s, si) => {
    const graph = graphRef(s.profileDataGraph, p('segments', si, 'profileDataGraph'), 'profile')
      ? profileGraphs.get(s.profileDataGraph)
      : undefined;
    checkRule(
      s.rule,
      p('segments', si, 'rule'),
      graph,
      space,
      segmentNames.slice(0, si),
      errors,
      `segment rule (a segment may use only segments defined before it)`,
    );
  });

  // Recommenders.
  space.recommenders.forEach((r, ri) => {
    graphRef(r.itemDataGraph, p('recommenders', ri, 'itemDataGraph'), 'item');
    const { priceMin, priceMax } = r.filters;
    if (priceMin !== undefined && priceMax !== undefined && priceMin > priceMax)
      errors.push({
        path: p('recommenders', ri, 'filters'),
        message: `priceMin ${priceMin} is above priceMax ${priceMax}`,
      });
  });

  // Calculated insights (SQL, subjects, the CIs graphs and rules read) and what recommenders read.
  checkInsightsAndRecommenders(space, p, errors, warnings);
  checkObjectiveRecommenders(space.recommenders, (ri, ...rest) => p('recommenders', ri, ...rest), errors, warnings);
  checkWindows(space, p, errors, warnings);

  // Personalization points.
  space.personalizationPoints.forEach((point, pi) => {
    const pp = (...rest: (string | number)[]) => p('personalizationPoints', pi, ...rest);
    const graph = graphRef(point.profileDataGraph, pp('profileDataGraph'), 'profile')
      ? profileGraphs.get(point.profileDataGraph)
      : undefined;
    let itemFields: Set<string> | undefined;
    if (point.type === 'recommendations') {
      if (!point.itemDataGraph)
        errors.push({ path: pp('itemDataGraph'), message: 'a recommendations point needs an item data graph' });
      else if (graphRef(point.itemDataGraph, pp('itemDataGraph'), 'item')) {
        const ig = itemGraphs.get(point.itemDataGraph)!;
        itemFields = new Set([...ITEM_BASE_FIELDS.map((f) => f.name), 'itemId', ...ig.fields.map((f) => f.name)]);
        point.responseTemplate.fields.forEach((f, fi) => {
          if (!itemFields!.has(f.name))
            errors.push({
              path: pp('responseTemplate', 'fields', fi, 'name'),
              message: `item data graph ${ig.apiName} has no field "${f.name}"${didYouMean(f.name, itemFields!)}`,
            });
        });
      }
    }
    if (point.decisions.length > LIMITS.decisionsPerPoint)
      errors.push({
        path: pp('decisions'),
        message: `${point.decisions.length} decisions; the limit is ${LIMITS.decisionsPerPoint} decisions per personalization point`,
      });
    if (point.decisions.length === 0 && !point.fallback && !point.experiment)
      warnings.push({ path: pp('decisions'), message: 'no decisions and no fallback: every request gets no decision' });
    const ids = point.decisions.map((d) => d.id);
    unique(
      [...ids, ...(point.fallback ? [point.fallback.id] : [])],
      (i) => (i < ids.length ? pp('decisions', i, 'id') : pp('fallback', 'id')),
      'decision id',
      errors,
    );
    const templateFields = new Map(point.responseTemplate.fields.map((f) => [f.name, f]));

    const checkContent = (content: (typeof point.decisions)[number]['content'], at: (string | number)[]) => {
      const cp = (...rest: (string | number)[]) => pp(...at, ...rest);
      if (content.type !== point.type) {
        errors.push({ path: cp('type'), message: `a ${point.type} point cannot serve ${content.type} content` });
        return;
      }
      if (content.type === 'manual') {
        for (const [name, value] of Object.entries(content.values)) {
          if (!templateFields.has(name)) {
            errors.push({
              path: cp('values', name),
              message: `"${name}" is not a field of the response template${didYouMean(name, templateFields.keys())}`,
            });
            continue;
          }
          if (typeof value === 'string') checkMergeFields(value, cp('values', name), graph, errors);
        }
        for (const f of point.responseTemplate.fields) {
          if (
            f.required &&
            (content.values[f.name] === undefined || content.values[f.name] === null || content.values[f.name] === '')
          )
            errors.push({ path: cp('values'), message: `required template field "${f.name}" has no value` });
        }
      } else {
        if (content.itemCount > LIMITS.itemsPerRecommendation)
          errors.push({
            path: cp('itemCount'),
            message: `${content.itemCount} items; the limit is ${LIMITS.itemsPerRecommendation} items per recommendation`,
          });
        const rec = recommenders.get(content.recommender);
        if (!rec)
          errors.push({
            path: cp('recommender'),
            message: `unknown recommender "${content.recommender}"${didYouMean(content.recommender, recommenders.keys())}`,
          });
        else if (point.itemDataGraph && rec.itemDataGraph !== point.itemDataGraph)
          errors.push({
            path: cp('recommender'),
            message: `recommender ${rec.apiName} recommends from ${rec.itemDataGraph}, but the point uses ${point.itemDataGraph}`,
          });
      }
    };

    point.decisions.forEach((d, di) => {
      if (d.targetingRule !== null)
        checkRule(
          d.targetingRule,
          pp('decisions', di, 'targetingRule'),
          graph,
          space,
          segmentNames,
          errors,
          'targeting rule',
        );
      checkContent(d.content, ['decisions', di, 'content']);
    });
    if (point.fallback) checkContent(point.fallback.content, ['fallback', 'content']);

    if (point.experiment) {
      const ex = point.experiment;
      const check = checkExperiment(ex, { expectedIndividuals: individuals, path: pp('experiment') });
      errors.push(...check.errors);
      warnings.push(...check.warnings);
      ex.variants.forEach((v, vi) => {
        if (v.decision !== undefined && !ids.includes(v.decision))
          errors.push({
            path: pp('experiment', 'variants', vi, 'decision'),
            message: `variant ${v.key} serves unknown decision "${v.decision}"${didYouMean(v.decision, ids)}`,
          });
      });
    }
  });

  // Campaigns.
  const pointNames = new Set(space.personalizationPoints.map((x) => x.apiName));
  space.campaigns.forEach((c, ci) => {
    const cp = (...rest: (string | number)[]) => p('campaigns', ci, ...rest);
    if (!segmentNames.includes(c.segment))
      errors.push({
        path: cp('segment'),
        message: `unknown segment "${c.segment}"${didYouMean(c.segment, segmentNames)}`,
      });
    c.points.forEach((name, i) => {
      if (!pointNames.has(name))
        errors.push({
          path: cp('points', i),
          message: `unknown personalization point "${name}"${didYouMean(name, pointNames)}`,
        });
    });
    unique(c.points, (i) => cp('points', i), 'point in campaign', errors);
    if (c.output.kind === 'file' && c.output.path !== undefined) {
      const problem = relativeOutputPathProblem(c.output.path);
      if (problem) errors.push({ path: cp('output', 'path'), message: `output path "${c.output.path}": ${problem}` });
    }
    const cronProblem = checkCron(c.schedule.cron, c.schedule.timezone);
    if (cronProblem) errors.push({ path: cp('schedule'), message: cronProblem });
  });

  // Identity resolution ruleset.
  checkIdentityResolution(space, (...rest) => p('identityResolution', ...rest), errors, warnings);
}

/** Checks a cron expression and time zone; returns a message or undefined. */
export function checkCron(cron: string, timezone: string): string | undefined {
  try {
    Intl.DateTimeFormat('en-US', { timeZone: timezone });
  } catch {
    return `unknown time zone "${timezone}" (use an IANA name such as Europe/Paris)`;
  }
  if (cron.trim().split(/\s+/).length !== 5)
    return `cron "${cron}" must have five fields (minute hour day-of-month month day-of-week)`;
  try {
    new Cron(cron, { timezone, paused: true });
  } catch (e) {
    return `cron "${cron}": ${(e as Error).message}`;
  }
  return undefined;
}

/**
 * Compiles a rule, then checks its size, every field, segment and insight it reads, and every
 * literal against the type of what it is compared with.
 */
function checkRule(
  rule: Rule,
  at: string,
  graph: ProfileDataGraph | undefined,
  space: DataSpaceConfig,
  segments: string[],
  errors: Problem[],
  what: string,
): void {
  try {
    compile(rule);
  } catch (e) {
    if (e instanceof RuleCompileError) {
      errors.push({ path: joinPath(at, e.path), message: e.message });
      return;
    }
    throw e;
  }
  const n = countConditions(rule);
  if (n > LIMITS.conditionsPerRule)
    errors.push({
      path: at,
      message: `${n} conditions; the limit is ${LIMITS.conditionsPerRule} conditions per ${what.startsWith('segment') ? 'segment rule' : 'targeting rule'}`,
    });
  for (const s of referencedSegments(rule)) {
    if (!segments.includes(s.name))
      errors.push({
        path: joinPath(at, s.jsonPath),
        message: `unknown segment "${s.name}" in ${what}${didYouMean(s.name, segments)}`,
      });
  }
  if (graph) {
    for (const v of referencedVars(rule)) {
      const problem = checkVar(v.path, v.scope, v.iterating, graph);
      if (problem) errors.push({ path: joinPath(at, v.jsonPath), message: problem });
    }
  }
  const types = graph ? profileVarTypes(graph, space) : () => undefined;
  for (const t of checkRuleTypes(rule, types)) errors.push({ path: joinPath(at, t.path), message: t.message });
}

/** Returns why a `var` path is not a field of the profile graph, or undefined when it is. */
export function checkVar(
  path: string,
  scope: 'root' | 'element',
  iterating: string | undefined,
  graph: ProfileDataGraph,
): string | undefined {
  if (path === '') return undefined;
  const [head, second, ...rest] = path.split('.');
  if (scope === 'element') {
    // Inside some/all/map/...: known only when iterating over engagement rows.
    const m = iterating?.match(/^engagement\.(browse|cart|order)$/);
    if (!m) return undefined;
    const rowFields = [...ENGAGEMENT_ROW_FIELDS, ...graph.engagement.itemFields];
    return rowFields.includes(head!)
      ? undefined
      : `unknown field "${head}" on ${m[1]} engagement rows${didYouMean(head!, rowFields)}; rows have: ${rowFields.join(', ')}`;
  }
  const fields = graph.fields.map((f) => f.name);
  if (head === 'id' || head === 'segments') return undefined;
  if (head === 'ci') {
    if (second === undefined) return undefined;
    return graph.calculatedInsights.includes(second)
      ? undefined
      : `calculated insight "${second}" is not in profile data graph ${graph.apiName}${didYouMean(second, graph.calculatedInsights)}`;
  }
  if (head === 'engagement') {
    if (second === undefined) return undefined;
    if (!['browse', 'cart', 'order'].includes(second))
      return `unknown engagement object "${second}" (browse, cart or order)`;
    if (!graph.engagement[second as 'browse'].include)
      return `profile data graph ${graph.apiName} does not include ${second} engagement`;
    const field = rest.find((r) => !/^\d+$/.test(r));
    const rowFields = [...ENGAGEMENT_ROW_FIELDS, ...graph.engagement.itemFields];
    return field === undefined || rowFields.includes(field)
      ? undefined
      : `unknown field "${field}" on ${second} engagement rows${didYouMean(field, rowFields)}`;
  }
  if (fields.includes(head!)) return undefined;
  return `unknown field "${head}": profile data graph ${graph.apiName} defines ${fields.length > 0 ? fields.join(', ') : 'no fields'}${didYouMean(head!, fields)}`;
}

function checkMergeFields(template: string, at: string, graph: ProfileDataGraph | undefined, errors: Problem[]): void {
  for (const bad of malformedPlaceholders(template))
    errors.push({ path: at, message: `malformed merge field ${bad} (use {{field}} or {{field | "default"}})` });
  if (!graph) return;
  for (const part of parseTemplate(template)) {
    if (typeof part === 'string') continue;
    const problem = checkVar(part.path, 'root', undefined, graph);
    if (problem) errors.push({ path: at, message: `merge field ${part.raw}: ${problem}` });
  }
}
