import { z } from 'zod';
import { Scalar } from './json.ts';

/** A Goods Product (or any item DMO of the same shape). */
export const Item = z.object({
  id: z.string().min(1),
  name: z.string(),
  category: z.string(),
  price: z.number().min(0),
  imageUrl: z.string(),
  url: z.string(),
  brand: z.string(),
  inStock: z.boolean(),
  /** Canonical ISO-8601 UTC timestamp. */
  createdAt: z.string(),
  attributes: z.record(z.string(), Scalar).default({}),
});
export type Item = z.infer<typeof Item>;
