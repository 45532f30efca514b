import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../engine/config/validate.ts';
import type { IdentityResolutionConfigInput } from '../../../engine/model/identity-resolution.ts';

/** A minimal workspace config whose data space has the given identity resolution ruleset. */
const configWith = (identityResolution: IdentityResolutionConfigInput | undefined) => ({
  version: 1,
  dataSpaces: [
    {
      apiName: 'default',
      label: 'Default',
      profileDataGraphs: [
        {
          apiName: 'Customer_Profile',
          label: 'Customer Profile',
          fields: [
            { name: 'postcode', type: 'string' },
            { name: 'loyaltyId', type: 'string' },
          ],
        },
      ],
      ...(identityResolution ? { identityResolution } : {}),
    },
  ],
});

const AT = '$.dataSpaces[0].identityResolution';

describe('identity resolution ruleset validation (at save)', () => {
  it('accepts no ruleset (the default applies), and fills the defaults of a partial one', () => {
    expect(validateConfig(configWith(undefined)).errors).toEqual([]);
    const check = validateConfig(configWith({ reconciliation: { sourcePriority: ['loyalty', 'web'] } }));
    expect(check.errors).toEqual([]);
    expect(check.config!.dataSpaces[0]!.identityResolution).toEqual({
      normalization: { defaultCountryCode: '1', stripPlusAddressing: false, gmailDots: false },
      matchRules: [
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
      ],
      reconciliation: { policy: 'mostRecent', sourcePriority: ['loyalty', 'web'], fields: [] },
    });
  });

  it.each([
    [
      'a bad normalizer',
      { matchRules: [{ name: 'r', criteria: [{ field: 'email', normalize: 'soundex' }] }] },
      `${AT}.matchRules[0].criteria[0].normalize`,
    ],
    ['a rule without criteria', { matchRules: [{ name: 'r', criteria: [] }] }, `${AT}.matchRules[0].criteria`],
    [
      'a field that is not an identifier',
      { matchRules: [{ name: 'r', criteria: [{ field: 'e-mail' }] }] },
      `${AT}.matchRules[0].criteria[0].field`,
    ],
    [
      'a source name with a colon',
      { reconciliation: { sourcePriority: ['web:eu'] } },
      `${AT}.reconciliation.sourcePriority[0]`,
    ],
    ['a bad country code', { normalization: { defaultCountryCode: '0044' } }, `${AT}.normalization.defaultCountryCode`],
    ['an unknown policy', { reconciliation: { policy: 'newest' } }, `${AT}.reconciliation.policy`],
  ])('refuses %s (shape), naming the JSON path', (_what, ir, path) => {
    const check = validateConfig(configWith(ir as IdentityResolutionConfigInput));
    expect(check.config).toBeUndefined();
    expect(check.errors.map((e) => e.path)).toContain(path);
  });

  it('refuses duplicate rules and fields, unmatchable and unreconcilable fields, and policies without sources', () => {
    const check = validateConfig(
      configWith({
        matchRules: [
          { name: 'email_exact', criteria: [{ field: 'email', normalize: 'email' }] },
          {
            name: 'email_exact',
            criteria: [
              { field: 'phone', normalize: 'phone' },
              { field: 'phone', normalize: 'phone' },
            ],
          },
          { name: 'by_source', criteria: [{ field: 'source', normalize: 'exact' }] },
        ],
        reconciliation: {
          policy: 'sourcePriority',
          fields: [
            { field: 'firstName', policy: 'mostRecent' },
            { field: 'firstName', policy: 'mostRecent' },
            { field: 'sourceId', policy: 'mostRecent' },
            { field: 'segments', policy: 'mostRecent' },
            { field: 'lastName', policy: 'sourcePriority', sourcePriority: ['crm', 'crm'] },
          ],
        },
      }),
    );
    expect(check.config).toBeUndefined();
    expect(check.errors).toEqual([
      {
        path: `${AT}.matchRules[1].name`,
        message: `duplicate match rule "email_exact" (first defined at ${AT}.matchRules[0].name)`,
      },
      {
        path: `${AT}.matchRules[1].criteria[1].field`,
        message: 'field "phone" appears twice in match rule email_exact',
      },
      {
        path: `${AT}.matchRules[2].criteria[0].field`,
        message: 'cannot match on "source": every record of a source shares it',
      },
      {
        path: `${AT}.reconciliation.sourcePriority`,
        message: 'the sourcePriority policy needs the ordered list of sources (most trusted first)',
      },
      {
        path: `${AT}.reconciliation.fields[1].field`,
        message: `field "firstName" has two overrides (first at ${AT}.reconciliation.fields[0].field)`,
      },
      {
        path: `${AT}.reconciliation.fields[2].field`,
        message:
          'cannot reconcile "sourceId": it is a column of source records, not an attribute of unified individuals',
      },
      {
        path: `${AT}.reconciliation.fields[3].field`,
        message:
          'cannot reconcile "segments": "segments" is reserved in the profile document (id, engagement, segments, ci)',
      },
      { path: `${AT}.reconciliation.fields[4].sourcePriority[1]`, message: 'source "crm" is listed twice' },
    ]);
  });

  it('warns about fields nothing defines (with a suggestion), rules that add nothing, and all rules inactive', () => {
    const check = validateConfig(
      configWith({
        matchRules: [
          { name: 'loyalty', criteria: [{ field: 'loyaltyID', normalize: 'exact' }], active: false },
          {
            name: 'postcode_name',
            criteria: [
              { field: 'postcode', normalize: 'postcode' },
              { field: 'lastName', normalize: 'name' },
            ],
            active: false,
          },
          {
            name: 'again',
            criteria: [
              { field: 'lastName', normalize: 'name' },
              { field: 'postcode', normalize: 'postcode' },
            ],
            active: false,
          },
        ],
        reconciliation: { fields: [{ field: 'tier', policy: 'mostRecent' }] },
      }),
    );
    expect(check.errors).toEqual([]);
    expect(check.warnings).toEqual([
      {
        path: `${AT}.matchRules[0].criteria[0].field`,
        message: expect.stringMatching(
          /^"loyaltyID" is neither a source-record column .* nor a field of the profile data graph \(did you mean "loyaltyId"\?\); records without it never match on it$/,
        ),
      },
      {
        path: `${AT}.matchRules`,
        message: 'every match rule is inactive: each source record becomes its own unified individual',
      },
      {
        path: `${AT}.reconciliation.fields[0].field`,
        message: expect.stringMatching(/^"tier" is neither a source-record column/),
      },
    ]);
    const dup = validateConfig(
      configWith({
        matchRules: [
          {
            name: 'postcode_name',
            criteria: [
              { field: 'postcode', normalize: 'postcode' },
              { field: 'lastName', normalize: 'name' },
            ],
          },
          {
            name: 'again',
            criteria: [
              { field: 'lastName', normalize: 'name' },
              { field: 'postcode', normalize: 'postcode' },
            ],
          },
        ],
      }),
    );
    expect(dup.warnings).toEqual([
      {
        path: `${AT}.matchRules[1]`,
        message: 'match rule again matches exactly what rule postcode_name matches; it will link nothing more',
      },
    ]);
  });
});
