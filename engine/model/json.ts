import { z } from 'zod';

/** Any JSON value (used for rules, context and free attributes). */
export const JsonValue = z.json();
export type JsonValue = z.infer<typeof JsonValue>;

/** A scalar attribute value of a profile or item. */
export const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type Scalar = z.infer<typeof Scalar>;

/** An API name: letters, digits and underscores, starting with a letter. */
export const ApiName = z
  .string()
  .regex(
    /^[A-Za-z][A-Za-z0-9_]{0,79}$/,
    'must start with a letter and hold only letters, digits and underscores (at most 80)',
  );

/** A canonical ISO-8601 UTC timestamp, e.g. 2026-11-29T20:00:00.000Z. */
export const IsoTimestamp = z.iso.datetime({ offset: true });
export type IsoTimestamp = string;
