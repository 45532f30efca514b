import type { Problem, Recommender } from '../../model/index.ts';
import { hyperparameterProblems } from './hyperparameters.ts';

/**
 * Config checks of objective-based recommenders: hyperparameter names and ranges, and backfills.
 * A backfill must be rules-based (it fills in what a model cannot know, such as items created after
 * its training); an objective-based recommender without one only warns.
 */
export function checkObjectiveRecommenders(
  recommenders: readonly Recommender[],
  at: (index: number, ...rest: (string | number)[]) => string,
  errors: Problem[],
  warnings: Problem[],
): void {
  const byName = new Map(recommenders.map((r) => [r.apiName, r]));
  recommenders.forEach((rec, ri) => {
    const backfill = rec.backfill === undefined ? undefined : byName.get(rec.backfill);
    if (backfill?.type === 'objective-based' && backfill.apiName !== rec.apiName)
      errors.push({
        path: at(ri, 'backfill'),
        message: `backfill ${backfill.apiName} is objective-based; a backfill must be rules-based (it fills in what a model cannot know, such as items created after its training)`,
      });
    if (rec.type !== 'objective-based') return;
    for (const p of hyperparameterProblems(rec.hyperparameters))
      errors.push({ path: at(ri, 'hyperparameters', p.name), message: p.message });
    if (rec.backfill === undefined)
      warnings.push({
        path: at(ri, 'backfill'),
        message: `objective-based recommender ${rec.apiName} has no backfill: items created after its last training can never be recommended, and lists come out short when exclusions drop candidates; name a rules-based recommender (e.g. top sellers)`,
      });
  });
}
