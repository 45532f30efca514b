import type { RulesBasedStrategy } from '../../model/index.ts';
import { abandonedCart } from './abandoned-cart.ts';
import { boughtTogether } from './bought-together.ts';
import { categoryAffinity } from './category-affinity.ts';
import { mostViewed } from './most-viewed.ts';
import { newArrivals } from './new-arrivals.ts';
import { recentlyViewed } from './recently-viewed.ts';
import { similarAttributes } from './similar-attributes.ts';
import type { Strategy } from './strategy.ts';
import { topSellers } from './top-sellers.ts';
import { trending } from './trending.ts';

export type { Strategy, StrategyOutput } from './strategy.ts';

/** Every rules-based strategy the source document names. */
export const STRATEGIES: Record<RulesBasedStrategy, Strategy> = {
  'top-sellers': topSellers,
  trending,
  'most-viewed': mostViewed,
  'recently-viewed': recentlyViewed,
  'abandoned-cart': abandonedCart,
  'bought-together': boughtTogether,
  'similar-attributes': similarAttributes,
  'category-affinity': categoryAffinity,
  'new-arrivals': newArrivals,
};
