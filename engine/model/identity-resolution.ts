import { z } from 'zod';
import { ApiName, type Scalar } from './json.ts';

/** Columns every source record has (besides `sourceId` and `source`); other columns are attributes. */
export const SOURCE_RECORD_CONTACT_FIELDS = ['email', 'phone', 'firstName', 'lastName'] as const;
export type SourceRecordContactField = (typeof SOURCE_RECORD_CONTACT_FIELDS)[number];

/** A source name: letters, digits, `_`, `.` and `-` (no `:`, which separates it from the id in `source:sourceId`). */
export const SourceName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$/, 'must be letters, digits, "_", "." or "-" (at most 80, no ":")');

/** A raw contact record of one source (web, loyalty, POS...), before identity resolution. */
export interface SourceRecord {
  source: string;
  sourceId: string;
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  /** Canonical ISO-8601 UTC time the source last changed the record; null when unknown (oldest). */
  updatedAt: string | null;
  attributes: Record<string, Scalar>;
}

/** How a value is normalized before exact matching. */
export const Normalizer = z
  .enum(['email', 'phone', 'name', 'text', 'exact', 'postcode'])
  .describe(
    'email: trimmed, lower-case (options below); phone: digits with the country code (E.164-like); name: letters and digits only, accents and case folded; text: trimmed, case folded, spaces collapsed; exact: trimmed; postcode: upper-case without spaces or dashes.',
  );
export type Normalizer = z.infer<typeof Normalizer>;

const FieldName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an identifier');

/** One field of a match rule and how its value is normalized. */
export const MatchCriterion = z.object({
  field: FieldName.describe(
    'A source-record column (email, phone, firstName, lastName, sourceId) or attribute (e.g. loyaltyId, postcode).',
  ),
  normalize: Normalizer.default('text'),
});
export type MatchCriterion = z.infer<typeof MatchCriterion>;

/** An exact-match rule: two records match when every criterion's normalized value is present and equal. */
export const MatchRule = z.object({
  name: ApiName,
  label: z.string().optional(),
  criteria: z.array(MatchCriterion).min(1).max(8).describe('All must be present and equal after normalization (AND).'),
  active: z.boolean().default(true),
});
export type MatchRule = z.infer<typeof MatchRule>;

/** Which record's value a unified individual takes for a field. */
export const ReconciliationPolicy = z
  .enum(['mostRecent', 'sourcePriority'])
  .describe(
    'mostRecent: the value of the record with the latest updatedAt; sourcePriority: the value of the first source in the ordered list that has one.',
  );
export type ReconciliationPolicy = z.infer<typeof ReconciliationPolicy>;

/** A per-field override of the default reconciliation policy. */
export const FieldReconciliation = z.object({
  field: FieldName,
  policy: ReconciliationPolicy,
  /** Ordered sources for this field (defaults to the ruleset's list). */
  sourcePriority: z
    .array(SourceName)
    .optional()
    .describe("Ordered sources for this field (defaults to the ruleset's list)."),
});
export type FieldReconciliation = z.infer<typeof FieldReconciliation>;

/** Options of the email and phone normalizers. */
export const NormalizationOptions = z.object({
  /** Calling code numbers without one are taken to be in (1 = North America, 44 = UK...). */
  defaultCountryCode: z
    .string()
    .regex(/^\+?[1-9]\d{0,2}$/, 'must be a calling code such as 1, 44 or +49')
    .default('1')
    .describe('Calling code of numbers written without one (1 = North America, 44 = UK...).'),
  /** jane+news@x.com → jane@x.com, for every domain. */
  stripPlusAddressing: z.boolean().default(false).describe('jane+news@x.com → jane@x.com, for every domain.'),
  /** Gmail ignores dots in the local part and googlemail.com is gmail.com: j.ane@gmail.com → jane@gmail.com. */
  gmailDots: z
    .boolean()
    .default(false)
    .describe(
      'Gmail ignores dots in the local part, and googlemail.com is gmail.com: j.ane@googlemail.com → jane@gmail.com.',
    ),
});
export type NormalizationOptions = z.infer<typeof NormalizationOptions>;

/** The default match rules: exact match on normalized email, then on normalized phone. */
export const DEFAULT_MATCH_RULES: MatchRule[] = [
  {
    name: 'email_exact',
    label: 'Exact normalized email',
    criteria: [{ field: 'email', normalize: 'email' }],
    active: true,
  },
  {
    name: 'phone_exact',
    label: 'Exact normalized phone',
    criteria: [{ field: 'phone', normalize: 'phone' }],
    active: true,
  },
];

/**
 * The identity resolution ruleset of a data space: ordered match rules that merge source records
 * into unified individuals, and how each unified attribute is reconciled from its records.
 */
export const IdentityResolutionConfig = z.object({
  normalization: NormalizationOptions.default({
    defaultCountryCode: '1',
    stripPlusAddressing: false,
    gmailDots: false,
  }),
  matchRules: z
    .array(MatchRule)
    .min(1)
    .max(20)
    .default(DEFAULT_MATCH_RULES)
    .describe('Ordered match rules; a pair of records is linked by the first rule they match (union over all rules).'),
  reconciliation: z
    .object({
      policy: ReconciliationPolicy.default('mostRecent'),
      sourcePriority: z
        .array(SourceName)
        .default([])
        .describe('Ordered sources, most trusted first (sourcePriority policy; also the tie-break of mostRecent).'),
      fields: z.array(FieldReconciliation).default([]).describe('Per-field overrides of the default policy.'),
    })
    .default({ policy: 'mostRecent', sourcePriority: [], fields: [] }),
});
export type IdentityResolutionConfig = z.infer<typeof IdentityResolutionConfig>;
export type IdentityResolutionConfigInput = z.input<typeof IdentityResolutionConfig>;

/** The ruleset used when a data space's config has none. */
export const DEFAULT_IDENTITY_RESOLUTION: IdentityResolutionConfig = IdentityResolutionConfig.parse({});
