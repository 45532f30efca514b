import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../engine/config/validate.ts';
import type { DataSpaceConfigInput, WorkspaceConfigInput } from '../../../engine/model/index.ts';
import { generateRetailSample } from '../../../engine/sample/index.ts';
import { spaceConfig } from '../pipeline/factories.ts';

const ws = (space: DataSpaceConfigInput = spaceConfig()): WorkspaceConfigInput => ({ version: 1, dataSpaces: [space] });
const P = '$.dataSpaces[0]';

/** Runs validation on a modified copy of the small config and returns its errors. */
function errorsOf(mutate: (s: DataSpaceConfigInput) => void) {
  const s = structuredClone(spaceConfig());
  mutate(s);
  return validateConfig(ws(s)).errors;
}

describe('validateConfig', () => {
  it('accepts the small test config and the retail sample config', () => {
    expect(validateConfig(ws()).errors).toEqual([]);
    const sample = generateRetailSample({ individuals: 100, items: 50, seed: 1, now: '2026-11-28T00:00:00Z' });
    const r = validateConfig(sample.config, { individualsBySpace: { default: 10_000 } });
    expect(r.errors).toEqual([]);
    expect(r.config).toBeDefined();
  });

  it('reports shape errors with JSON paths', () => {
    const r = validateConfig({ version: 1, dataSpaces: [{ apiName: '1bad', label: '' }] });
    expect(r.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: `${P}.apiName` }),
        expect.objectContaining({ path: `${P}.label` }),
      ]),
    );
    expect(validateConfig({ version: 2, dataSpaces: [] }).errors.map((e) => e.path)).toEqual([
      '$.version',
      '$.dataSpaces',
    ]);
  });

  it.each<[string, (s: DataSpaceConfigInput) => void, string, RegExp]>([
    [
      'an unknown field in a targeting rule',
      (s) => {
        s.personalizationPoints![0]!.decisions![0]!.targetingRule = {
          and: [{ '==': [{ var: 'loyaltyTeir' }, 'Gold'] }],
        };
      },
      `${P}.personalizationPoints[0].decisions[0].targetingRule.and[0]["=="][0]`,
      /unknown field "loyaltyTeir".*did you mean "loyaltyTier"/,
    ],
    [
      'an unknown operator',
      (s) => {
        s.personalizationPoints![0]!.decisions![0]!.targetingRule = { and: [true, { equals: [1, 1] }] };
      },
      `${P}.personalizationPoints[0].decisions[0].targetingRule.and[1]`,
      /equals/,
    ],
    [
      'an unknown field on engagement rows',
      (s) => {
        s.segments![0]!.rule = { some: [{ var: 'engagement.browse' }, { '==': [{ var: 'sku' }, 'x'] }] };
      },
      `${P}.segments[0].rule.some[1]["=="][0]`,
      /unknown field "sku" on browse engagement rows/,
    ],
    [
      'an unknown segment',
      (s) => {
        s.personalizationPoints![0]!.decisions![0]!.targetingRule = { in_segment: 'Goldd' };
      },
      `${P}.personalizationPoints[0].decisions[0].targetingRule`,
      /unknown segment "Goldd".*did you mean "Gold"/,
    ],
    [
      'an unknown merge field',
      (s) => {
        s.personalizationPoints![0]!.fallback!.content = { type: 'manual', values: { headline: 'Hi {{fistName}}' } };
      },
      `${P}.personalizationPoints[0].fallback.content.values.headline`,
      /merge field \{\{fistName\}\}.*did you mean "firstName"/,
    ],
    [
      'a malformed merge field',
      (s) => {
        s.personalizationPoints![0]!.fallback!.content = { type: 'manual', values: { headline: 'Hi {{first name}}' } };
      },
      `${P}.personalizationPoints[0].fallback.content.values.headline`,
      /malformed merge field/,
    ],
    [
      'a missing required template value',
      (s) => {
        s.personalizationPoints![0]!.fallback!.content = { type: 'manual', values: { body: 'x' } };
      },
      `${P}.personalizationPoints[0].fallback.content.values`,
      /required template field "headline"/,
    ],
    [
      'more than 25 decisions',
      (s) => {
        const d = s.personalizationPoints![0]!.decisions![1]!;
        s.personalizationPoints![0]!.decisions = Array.from({ length: 26 }, (_, i) => ({
          ...d,
          id: `d${i}`,
          priority: i,
        }));
      },
      `${P}.personalizationPoints[0].decisions`,
      /26 decisions; the limit is 25 decisions per personalization point/,
    ],
    [
      'more than 50 conditions',
      (s) => {
        s.personalizationPoints![0]!.decisions![0]!.targetingRule = {
          or: Array.from({ length: 51 }, (_, i) => ({ '==': [{ var: 'firstName' }, `n${i}`] })),
        };
      },
      `${P}.personalizationPoints[0].decisions[0].targetingRule`,
      /51 conditions; the limit is 50 conditions per targeting rule/,
    ],
    [
      'four nested iterations over 1,000-element literal arrays (10^12 steps)',
      (s) => {
        const lit = Array.from({ length: 1000 }, (_, i) => i);
        s.personalizationPoints![0]!.decisions![0]!.targetingRule = {
          some: [lit, { some: [lit, { some: [lit, { some: [lit, { '==': [{ var: '' }, -1] }] }] }] }],
        };
      },
      `${P}.personalizationPoints[0].decisions[0].targetingRule.some[1]`,
      /about 3\.0e\+12 evaluation steps per individual; the limit is 10,000,000 steps per evaluation/,
    ],
    [
      'a reduce that doubles its accumulator with merge',
      (s) => {
        s.personalizationPoints![0]!.decisions![0]!.targetingRule = {
          reduce: [
            [
              1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29,
              30,
            ],
            { merge: [{ var: 'accumulator' }, { var: 'accumulator' }] },
            [1],
          ],
        };
      },
      `${P}.personalizationPoints[0].decisions[0].targetingRule`,
      /the limit is 10,000,000 steps per evaluation/,
    ],
    [
      'a rule nested 10,000 deep',
      (s) => {
        let deep: unknown = true;
        for (let i = 0; i < 10_000; i++) deep = { '!': [deep] };
        s.personalizationPoints![0]!.decisions![0]!.targetingRule = deep as never;
      },
      `${P}.personalizationPoints[0].decisions[0].targetingRule${'["!"][0]'.repeat(496)}["!"]`,
      /nested more than 1,000 levels deep \(the limit of JSON input; a rule may nest at most 100 levels/,
    ],
    [
      'a rule nested 150 deep',
      (s) => {
        let deep: unknown = true;
        for (let i = 0; i < 150; i++) deep = { '!': [deep] };
        s.personalizationPoints![0]!.decisions![0]!.targetingRule = deep as never;
      },
      `${P}.personalizationPoints[0].decisions[0].targetingRule${'["!"][0]'.repeat(101)}`,
      /nested more than 100 levels deep/,
    ],
    [
      'more than 24 items',
      (s) => {
        (s.personalizationPoints![1]!.decisions![0]!.content as { itemCount: number }).itemCount = 25;
      },
      `${P}.personalizationPoints[1].decisions[0].content.itemCount`,
      /25 items; the limit is 24 items per recommendation/,
    ],
    [
      'experiment weights that do not sum to 100',
      (s) => {
        s.personalizationPoints![0]!.experiment = {
          key: 'x',
          label: 'X',
          variants: [
            { key: 'a', weight: 50, control: true },
            { key: 'b', weight: 40, decision: 'named' },
          ],
        };
      },
      `${P}.personalizationPoints[0].experiment.variants`,
      /90/,
    ],
    [
      'a variant serving an unknown decision',
      (s) => {
        s.personalizationPoints![0]!.experiment = {
          key: 'x',
          label: 'X',
          variants: [
            { key: 'a', weight: 50, control: true },
            { key: 'b', weight: 50, decision: 'nmaed' },
          ],
        };
      },
      `${P}.personalizationPoints[0].experiment.variants[1].decision`,
      /unknown decision "nmaed".*did you mean "named"/,
    ],
    [
      'an unknown recommender',
      (s) => {
        (s.personalizationPoints![1]!.decisions![0]!.content as { recommender: string }).recommender = 'tops';
      },
      `${P}.personalizationPoints[1].decisions[0].content.recommender`,
      /unknown recommender "tops"/,
    ],
    [
      'a response template field the item graph lacks',
      (s) => {
        s.personalizationPoints![1]!.responseTemplate = { fields: [{ name: 'itemId' }, { name: 'colour' }] };
      },
      `${P}.personalizationPoints[1].responseTemplate.fields[1].name`,
      /has no field "colour"/,
    ],
    [
      'manual content on a recommendations point',
      (s) => {
        s.personalizationPoints![1]!.decisions![0]!.content = { type: 'manual', values: {} };
      },
      `${P}.personalizationPoints[1].decisions[0].content.type`,
      /a recommendations point cannot serve manual content/,
    ],
    [
      'a duplicate point',
      (s) => {
        s.personalizationPoints!.push({ ...s.personalizationPoints![0]! });
      },
      `${P}.personalizationPoints[2].apiName`,
      /duplicate personalization point "banner"/,
    ],
    [
      'a reserved profile field name',
      (s) => {
        s.profileDataGraphs![0]!.fields!.push({ name: 'segments', type: 'string' });
      },
      `${P}.profileDataGraphs[0].fields[3].name`,
      /reserved/,
    ],
    [
      'a bad cron',
      (s) => {
        s.campaigns = [
          { name: 'C', segment: 'Gold', points: ['banner'], schedule: { cron: '0 25 * * *', timezone: 'UTC' } },
        ];
      },
      `${P}.campaigns[0].schedule`,
      /cron "0 25 \* \* \*"/,
    ],
    [
      'an unknown time zone',
      (s) => {
        s.campaigns = [
          {
            name: 'C',
            segment: 'Gold',
            points: ['banner'],
            schedule: { cron: '0 20 * * *', timezone: 'Mars/Olympus' },
          },
        ];
      },
      `${P}.campaigns[0].schedule`,
      /unknown time zone "Mars\/Olympus"/,
    ],
    [
      'a campaign with an unknown point',
      (s) => {
        s.campaigns = [{ name: 'C', segment: 'Gold', points: ['baner'], schedule: { cron: '0 20 * * *' } }];
      },
      `${P}.campaigns[0].points[0]`,
      /unknown personalization point "baner"/,
    ],
  ])('refuses %s, naming the path', (_what, mutate, path, message) => {
    const errors = errorsOf(mutate);
    expect(errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ path, message: expect.stringMatching(message) })]),
    );
  });

  it('warns when an experiment cohort expects fewer than 1,000 individuals', () => {
    const s = structuredClone(spaceConfig());
    s.personalizationPoints![0]!.experiment = {
      key: 'x',
      label: 'X',
      variants: [
        { key: 'a', weight: 50, control: true },
        { key: 'b', weight: 50, decision: 'named' },
      ],
    };
    const r = validateConfig(ws(s), { individualsBySpace: { default: 1500 } });
    expect(r.errors).toEqual([]);
    expect(r.warnings[0]?.message).toMatch(/fewer than 1,000/);
  });
});
