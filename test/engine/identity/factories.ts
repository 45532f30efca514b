import {
  IdentityResolutionConfig,
  type IdentityResolutionConfigInput,
  type SourceRecord,
} from '../../../engine/model/identity-resolution.ts';

/** A source record with empty contact fields unless given. */
export const record = (source: string, sourceId: string, over: Partial<SourceRecord> = {}): SourceRecord => ({
  source,
  sourceId,
  email: null,
  phone: null,
  firstName: null,
  lastName: null,
  updatedAt: null,
  attributes: {},
  ...over,
});

/** A ruleset with defaults applied (as a saved config holds it). */
export const ruleset = (input: IdentityResolutionConfigInput = {}): IdentityResolutionConfig =>
  IdentityResolutionConfig.parse(input);
