import {
  ITEM_BASE_FIELDS,
  type DataSpaceConfig,
  type InsightSubject,
  type Problem,
  type Recommender,
  type Rule,
} from '../model/index.ts';
import { referencedInsights } from '../rules/index.ts';
import { ANCHOR_STRATEGIES, STRATEGY_INSIGHT } from '../recommenders/strategy-insights.ts';
import { CONTEXT_PREFIX } from '../recommenders/boosts.ts';
import { checkInsightSql } from '../store/calculated-insights-sql.ts';
import { joinPath } from './json-path.ts';
import { didYouMean } from '../model/suggest.ts';

type PathOf = (...rest: (string | number)[]) => string;

const SUBJECT_WORDS: Record<InsightSubject, string> = {
  individual: 'an individual',
  item: 'an item',
  item_pair: 'an item-pair',
  individual_category: 'an individual × category',
};

/**
 * Checks a data space's calculated insights and recommenders: each CI's SQL (one read-only SELECT
 * over the documented views, refused with SQLite's own error when it does not prepare, with the
 * subject's columns), the CIs profile graphs and rules read, the CI each strategy reads (its
 * subject), strategy settings, item fields of filters and boosts, backfill chains (known, same
 * item data graph, no cycles), and anchor strategies on points whose requests may lack an anchor.
 */
export function checkInsightsAndRecommenders(
  space: DataSpaceConfig,
  p: PathOf,
  errors: Problem[],
  warnings: Problem[],
): void {
  const cis = new Map(space.calculatedInsights.map((c) => [c.apiName, c]));

  // 1. Calculated insights: unique names, SQL that prepares over the views with the right columns.
  const seen = new Map<string, number>();
  space.calculatedInsights.forEach((ci, i) => {
    const first = seen.get(ci.apiName);
    if (first !== undefined)
      errors.push({
        path: p('calculatedInsights', i, 'apiName'),
        message: `duplicate calculated insight "${ci.apiName}" (first defined at ${p('calculatedInsights', first, 'apiName')})`,
      });
    else seen.set(ci.apiName, i);
    const problem = checkInsightSql(ci.sql, ci.subject);
    if (problem)
      errors.push({ path: p('calculatedInsights', i, 'sql'), message: `calculated insight ${ci.apiName}: ${problem}` });
  });

  const insightRef = (name: string, subject: InsightSubject, path: string, what: string): boolean => {
    const ci = cis.get(name);
    if (!ci) {
      errors.push({
        path,
        message: `unknown calculated insight "${name}"${didYouMean(name, cis.keys())}${knownOf(subject)}`,
      });
      return false;
    }
    if (ci.subject !== subject) {
      errors.push({
        path,
        message: `calculated insight ${name} is ${SUBJECT_WORDS[ci.subject]} calculated insight; ${what} reads ${SUBJECT_WORDS[subject]} calculated insight${knownOf(subject)}`,
      });
      return false;
    }
    return true;
  };
  const knownOf = (subject: InsightSubject): string => {
    const names = space.calculatedInsights.filter((c) => c.subject === subject).map((c) => c.apiName);
    return names.length > 0
      ? ` (${SUBJECT_WORDS[subject]} CI: ${names.join(', ')})`
      : ` (the data space has no ${SUBJECT_WORDS[subject].replace(/^an? /, '')} calculated insight)`;
  };

  // 2. Profile data graphs hold per-individual CI values under `ci`.
  space.profileDataGraphs.forEach((g, gi) => {
    g.calculatedInsights.forEach((name, i) =>
      insightRef(name, 'individual', p('profileDataGraphs', gi, 'calculatedInsights', i), `a profile data graph`),
    );
  });
  const graphInsights = new Map(space.profileDataGraphs.map((g) => [g.apiName, g.calculatedInsights]));
  const checkRuleInsights = (rule: Rule, at: string, graph: string) => {
    const included = graphInsights.get(graph);
    if (!included) return; // an unknown graph is reported by validate.ts
    let refs: { name: string; jsonPath: string }[];
    try {
      refs = referencedInsights(rule);
    } catch {
      return; // a rule that does not compile is reported by validate.ts
    }
    for (const r of refs) {
      if (!included.includes(r.name))
        errors.push({
          path: joinPath(at, r.jsonPath),
          message: `calculated insight "${r.name}" is not in profile data graph ${graph}${didYouMean(r.name, included)}; add it to the graph's calculatedInsights`,
        });
    }
  };
  space.segments.forEach((s, si) => checkRuleInsights(s.rule, p('segments', si, 'rule'), s.profileDataGraph));
  space.personalizationPoints.forEach((point, pi) => {
    point.decisions.forEach((d, di) => {
      if (d.targetingRule !== null)
        checkRuleInsights(
          d.targetingRule,
          p('personalizationPoints', pi, 'decisions', di, 'targetingRule'),
          point.profileDataGraph,
        );
    });
  });

  // 3. Recommenders: the CI each strategy reads, its settings, item fields, backfill.
  const recommenders = new Map(space.recommenders.map((r) => [r.apiName, r]));
  const itemFieldsOf = (graph: string): string[] | undefined => {
    const g = space.itemDataGraphs.find((x) => x.apiName === graph);
    return g && [...ITEM_BASE_FIELDS.map((f) => f.name), ...g.fields.map((f) => f.name)];
  };
  space.recommenders.forEach((rec, ri) => {
    const rp = (...rest: (string | number)[]) => p('recommenders', ri, ...rest);
    const fields = itemFieldsOf(rec.itemDataGraph);
    const fieldRef = (field: string, path: string, what: string) => {
      if (fields && !fields.includes(field))
        errors.push({
          path,
          message: `${what}: item data graph ${rec.itemDataGraph} has no field "${field}"${didYouMean(field, fields)}`,
        });
    };
    rec.filters.attributes.forEach((f, i) => fieldRef(f.field, rp('filters', 'attributes', i, 'field'), 'filter'));
    rec.boosts.forEach((b, i) => {
      fieldRef(b.field, rp('boosts', i, 'field'), 'boost');
      if (typeof b.equals === 'string' && b.equals.startsWith('$') && !b.equals.startsWith(CONTEXT_PREFIX))
        errors.push({
          path: rp('boosts', i, 'equals'),
          message: `"${b.equals}": a boost reads the request context as "${CONTEXT_PREFIX}<key>" (e.g. "$context.category")`,
        });
    });
    if (rec.backfill !== undefined) {
      const b = recommenders.get(rec.backfill);
      if (rec.backfill === rec.apiName)
        errors.push({ path: rp('backfill'), message: `recommender ${rec.apiName} cannot be its own backfill` });
      else if (!b)
        errors.push({
          path: rp('backfill'),
          message: `unknown backfill recommender "${rec.backfill}"${didYouMean(rec.backfill, recommenders.keys())}`,
        });
      else if (b.itemDataGraph !== rec.itemDataGraph)
        errors.push({
          path: rp('backfill'),
          message: `backfill ${b.apiName} recommends from ${b.itemDataGraph}, but ${rec.apiName} recommends from ${rec.itemDataGraph}`,
        });
    }
    if (rec.type !== 'rules-based') return;
    const need = STRATEGY_INSIGHT[rec.strategy];
    if (need) {
      if (rec.calculatedInsight !== undefined)
        insightRef(rec.calculatedInsight, need.subject, rp('calculatedInsight'), `strategy ${rec.strategy}`);
      else if (need.required)
        errors.push({
          path: rp('calculatedInsight'),
          message: `strategy ${rec.strategy} reads ${SUBJECT_WORDS[need.subject]} calculated insight; name one in calculatedInsight${knownOf(need.subject)}`,
        });
    } else if (rec.calculatedInsight !== undefined) {
      warnings.push({
        path: rp('calculatedInsight'),
        message: `strategy ${rec.strategy} reads no calculated insight; ${rec.calculatedInsight} is ignored`,
      });
    }
    if (rec.popularityInsight !== undefined) {
      if (rec.strategy === 'category-affinity')
        insightRef(rec.popularityInsight, 'item', rp('popularityInsight'), "category affinity's popularity");
      else
        warnings.push({
          path: rp('popularityInsight'),
          message: `only category-affinity reads a popularity insight; ${rec.popularityInsight} is ignored by ${rec.strategy}`,
        });
    }
    if (rec.strategy === 'similar-attributes') {
      if (rec.attributes.length === 0)
        errors.push({
          path: rp('attributes'),
          message:
            'similar-attributes compares the anchor item\'s fields: name at least one (e.g. ["category", "brand"])',
        });
      rec.attributes.forEach((f, i) => fieldRef(f, rp('attributes', i), 'similar-attributes'));
    } else if (rec.attributes.length > 0) {
      warnings.push({
        path: rp('attributes'),
        message: `only similar-attributes compares attributes; they are ignored by ${rec.strategy}`,
      });
    }
    if (rec.strategy === 'abandoned-cart' && rec.exclusions.inCart)
      errors.push({
        path: rp('exclusions', 'inCart'),
        message:
          'abandoned-cart recommends the items in the cart: excluding them (exclusions.inCart) would drop every candidate',
      });
  });

  // 4. Backfill chains end: a cycle is reported once, at the first recommender on it.
  const reported = new Set<string>();
  space.recommenders.forEach((rec, ri) => {
    const path: string[] = [rec.apiName];
    for (
      let next = rec.backfill;
      next !== undefined && recommenders.has(next);
      next = recommenders.get(next)!.backfill
    ) {
      if (next === rec.apiName) {
        const key = [...path].sort().join(',');
        if (!reported.has(key) && path.length > 1) {
          reported.add(key);
          errors.push({
            path: p('recommenders', ri, 'backfill'),
            message: `backfill cycle: ${[...path, next].join(' → ')}; a backfill chain must end`,
          });
        }
        break;
      }
      if (path.includes(next)) break; // a cycle further down: reported at its own first member
      path.push(next);
    }
  });

  // 5. Anchor strategies on points whose requests may carry no anchor item.
  const campaignOf = new Map<string, string>();
  for (const c of space.campaigns) for (const name of c.points) if (!campaignOf.has(name)) campaignOf.set(name, c.name);
  space.personalizationPoints.forEach((point, pi) => {
    if (point.type !== 'recommendations') return;
    const contents = [
      ...point.decisions.map((d, di) => ({
        content: d.content,
        at: ['decisions', di, 'content', 'recommender'] as (string | number)[],
      })),
      ...(point.fallback
        ? [{ content: point.fallback.content, at: ['fallback', 'content', 'recommender'] as (string | number)[] }]
        : []),
    ];
    for (const { content, at } of contents) {
      if (content.type !== 'recommendations') continue;
      const chain = chainOf(content.recommender, recommenders);
      const first = chain[0];
      if (!first || first.type !== 'rules-based' || !ANCHOR_STRATEGIES.has(first.strategy)) continue;
      const filler = chain.slice(1).find((r) => r.type !== 'rules-based' || !ANCHOR_STRATEGIES.has(r.strategy));
      const campaign = campaignOf.get(point.apiName);
      const fills = filler
        ? `only its backfill ${filler.apiName} fills the list`
        : 'and it has no backfill that does not need one';
      if (campaign !== undefined || point.source === 'cms') {
        const why =
          campaign !== undefined
            ? `campaign "${campaign}" runs point ${point.apiName} in batch, without a request context`
            : `point ${point.apiName} serves cms content, whose requests carry no context`;
        warnings.push({
          path: p('personalizationPoints', pi, ...at),
          message: `recommender ${first.apiName} (${first.strategy}) needs an anchor item in the request context, but ${why}: it yields nothing, ${fills}`,
        });
      } else if (!filler) {
        warnings.push({
          path: p('personalizationPoints', pi, ...at),
          message: `recommender ${first.apiName} (${first.strategy}) needs an anchor item (anchorItemId) in the request context; requests of point ${point.apiName} without one get no items — give it a backfill`,
        });
      }
    }
  });
}

/** A recommender followed by its backfill chain (stops at an unknown name or a cycle). */
function chainOf(name: string, recommenders: Map<string, Recommender>): Recommender[] {
  const out: Recommender[] = [];
  const seen = new Set<string>();
  for (let n: string | undefined = name; n !== undefined && !seen.has(n);) {
    seen.add(n);
    const r = recommenders.get(n);
    if (!r) break;
    out.push(r);
    n = r.backfill;
  }
  return out;
}
