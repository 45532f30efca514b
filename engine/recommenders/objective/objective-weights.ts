import type { EngagementType, Objective } from '../../model/index.ts';

/** How much one event of each engagement type counts toward an objective. */
export type EventWeights = Readonly<Record<EngagementType, number>>;

/**
 * Default weights per objective (docs/recommenders.md, "Objective-based"): the objective's own
 * event counts 1; the other types are weaker evidence of the same intent. For purchases, a cart
 * is most of the way there and a browse shows interest in the category; for clicks, a cart or an
 * order implies a browse. Chosen by measurement on the sample's time split (browse weight 0 /
 * 0.05 / 0.1 / 0.25 compared; see the doc).
 */
export const OBJECTIVE_WEIGHTS: Readonly<Record<Objective, EventWeights>> = {
  purchase: { order: 1, cart: 0.25, browse: 0.1 },
  'add-to-cart': { cart: 1, order: 0.5, browse: 0.1 },
  click: { browse: 1, cart: 0.5, order: 0.5 },
};

/** The engagement type an objective is about: its targets in offline evaluation. */
export const OBJECTIVE_EVENT: Readonly<Record<Objective, EngagementType>> = {
  purchase: 'order',
  'add-to-cart': 'cart',
  click: 'browse',
};

/** The weights of an objective with the recommender's `browseWeight`/`cartWeight`/`orderWeight` overrides. */
export function eventWeights(objective: Objective, hyperparameters: Readonly<Record<string, number>>): EventWeights {
  const base = OBJECTIVE_WEIGHTS[objective];
  return {
    browse: hyperparameters['browseWeight'] ?? base.browse,
    cart: hyperparameters['cartWeight'] ?? base.cart,
    order: hyperparameters['orderWeight'] ?? base.order,
  };
}
