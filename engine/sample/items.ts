import { DAY_MS, isoOf } from '../model/time.ts';
import type { Item } from '../model/item.ts';
import { CATEGORIES, MODEL_NAMES, NAME_SUFFIXES, type CategorySpec } from './categories.ts';
import { createRng, createSampler, deriveSeed, type Rng } from './random.ts';
import { STREAM } from './streams.ts';

/** One category of the generated catalog, with its items ordered from most to least popular. */
export interface CatalogCategory {
  name: string;
  /** Shoppers' interest in the category (0 when it has no items). */
  weight: number;
  /** Indices into `items`, most popular first. */
  itemsByPopularity: number[];
  /** Draws a position in `itemsByPopularity` with Zipf-like weights (rank r has weight 1/(r+1)). */
  drawRank: (rng: Rng) => number;
}

/** The generated catalog plus what the event generator needs to sample from it quickly. */
export interface Catalog {
  items: Item[];
  categories: CatalogCategory[];
  /** Draws a category index in proportion to shoppers' interest. */
  drawCategory: (rng: Rng) => number;
  /** Item creation times (ms), so that nobody browses a product before it exists. */
  createdMs: Float64Array;
}

/** Share of the catalog that arrived in the last 14 days, and of products out of stock. */
const NEW_ARRIVAL_SHARE = 0.05;
const OUT_OF_STOCK_SHARE = 0.08;
/** Zipf exponent of popularity within a category. */
const ZIPF_EXPONENT = 1.0;
const CATALOG_AGE_DAYS = 730;
const NEW_ARRIVAL_DAYS = 14;

/** Zero-padded item id: prod_00001 (at least five digits, more for larger catalogs). */
export const itemId = (index: number, count: number): string =>
  `prod_${String(index + 1).padStart(Math.max(5, String(count).length), '0')}`;

/** URL slug of a product name: "Chef's Knife Pro" → "chefs-knife-pro". */
export function slugOf(name: string): string {
  // Unicode normalization is slow; most names are plain ASCII and skip it.
  const ascii = !/[^ -~]/.test(name) ? name : name.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  return ascii
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Retail price points: above $100 to the nearest $5 (124.99), below to the dollar (44.99). */
function retailPrice(raw: number): number {
  let p: number;
  if (raw >= 100) p = Math.round(raw / 5) * 5 - 0.01;
  else if (raw >= 10) p = Math.round(raw) - 0.01;
  else p = Math.max(2.99, Math.round(raw * 2) / 2 - 0.01);
  return Number(p.toFixed(2));
}

/** "Aerolite Nimbus Running Shoes", "Aerolite Running Shoes Pro", "Aerolite Nimbus Running Shoes Pro". */
function productName(rng: Rng, spec: CategorySpec): { name: string; brand: string } {
  const brand = rng.pick(spec.brands);
  const noun = rng.pick(spec.nouns);
  const r = rng.next();
  if (r < 0.45) return { brand, name: `${brand} ${rng.pick(MODEL_NAMES)} ${noun}` };
  if (r < 0.8) return { brand, name: `${brand} ${noun} ${rng.pick(NAME_SUFFIXES)}` };
  return { brand, name: `${brand} ${rng.pick(MODEL_NAMES)} ${noun} ${rng.pick(NAME_SUFFIXES)}` };
}

/** Splits `count` items over the categories in proportion to their weights (largest remainder). */
function allocate(count: number): number[] {
  const total = CATEGORIES.reduce((s, c) => s + c.weight, 0);
  const exact = CATEGORIES.map((c) => (count * c.weight) / total);
  const counts = exact.map(Math.floor);
  let left = count - counts.reduce((s, n) => s + n, 0);
  const byRemainder = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left === 0) break;
    counts[i]! += 1;
    left--;
  }
  return counts;
}

function shuffle<T>(rng: Rng, xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

/** Generates the product catalog (deterministic for a seed and `now`). */
export function generateCatalog(seed: number, count: number, nowMs: number): Catalog {
  const rng = createRng(deriveSeed(seed, STREAM.items));
  // 1. Which category each product belongs to: proportional counts, in shuffled id order.
  const assignment = shuffle(
    rng,
    allocate(count).flatMap((n, ci) => Array.from({ length: n }, () => ci)),
  );
  // 2. The products themselves.
  const items: Item[] = [];
  const createdMs = new Float64Array(count);
  const slugs = new Set<string>();
  /** Next free number of a product line, so large catalogs do not search from 2 every time. */
  const lineNumbers = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const spec = CATEGORIES[assignment[i]!]!;
    // Names (and so URLs) are unique: redraw a few times, then number the product line.
    let { name, brand } = productName(rng, spec);
    let slug = slugOf(name);
    for (let attempt = 0; slugs.has(slug) && attempt < 3; attempt++) {
      ({ name, brand } = productName(rng, spec));
      slug = slugOf(name);
    }
    if (slugs.has(slug)) {
      const base = name.replace(/ \d+$/, '');
      let n = lineNumbers.get(base) ?? 2;
      while (slugs.has(slugOf(`${base} ${n}`))) n++;
      lineNumbers.set(base, n + 1);
      name = `${base} ${n}`;
      slug = slugOf(name);
    }
    slugs.add(slug);
    const id = itemId(i, count);
    const ageDays = rng.chance(NEW_ARRIVAL_SHARE)
      ? rng.range(0.1, NEW_ARRIVAL_DAYS)
      : rng.range(NEW_ARRIVAL_DAYS, CATALOG_AGE_DAYS);
    const created = Math.floor((nowMs - ageDays * DAY_MS) / 1000) * 1000;
    createdMs[i] = created;
    const rating = Math.min(5, Math.max(1, rng.normal(4.2, 0.45)));
    items.push({
      id,
      name,
      category: spec.name,
      price: retailPrice(spec.medianPrice * rng.logNormal(0, spec.priceSigma)),
      imageUrl: `https://images.example.com/products/${id}.jpg`,
      url: `/products/${slug}`,
      brand,
      inStock: !rng.chance(OUT_OF_STOCK_SHARE),
      createdAt: isoOf(created),
      attributes: {
        color: rng.pick(spec.colors),
        material: rng.pick(spec.materials),
        rating: Math.round(rating * 10) / 10,
      },
    });
  }
  // 3. Popularity: a random order of each category's products, sampled with Zipf-like weights.
  const byCategory: number[][] = CATEGORIES.map(() => []);
  assignment.forEach((c, i) => byCategory[c]!.push(i));
  const categories: CatalogCategory[] = CATEGORIES.map((spec, ci) => {
    const members = shuffle(rng, byCategory[ci]!);
    const weights = members.map((_, r) => 1 / Math.pow(r + 1, ZIPF_EXPONENT));
    return {
      name: spec.name,
      weight: members.length > 0 ? spec.weight : 0,
      itemsByPopularity: members,
      drawRank: members.length > 0 ? createSampler(weights) : () => -1,
    };
  });
  return { items, categories, drawCategory: createSampler(categories.map((c) => c.weight)), createdMs };
}
