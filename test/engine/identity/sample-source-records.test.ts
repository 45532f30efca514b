import { describe, expect, it } from 'vitest';
import { normalizePhone, resolveIdentities } from '../../../engine/identity/index.ts';
import { DEFAULT_IDENTITY_RESOLUTION } from '../../../engine/model/identity-resolution.ts';
import { generateRetailSample } from '../../../engine/sample/index.ts';
import { sampleSourceRecords } from '../../../engine/sample/source-records.ts';

const NOW = '2026-11-28T00:00:00Z';
const sample = generateRetailSample({ individuals: 2000, items: 100, seed: 9, now: NOW });
const raw = [...sampleSourceRecords({ individuals: sample.individuals(), seed: 9, now: NOW })];

describe('sample source records', () => {
  it('is deterministic for (individuals, seed, now), and differs with the seed', () => {
    expect([...sampleSourceRecords({ individuals: sample.individuals(), seed: 9, now: NOW })]).toEqual(raw);
    expect([...sampleSourceRecords({ individuals: sample.individuals(), seed: 10, now: NOW })]).not.toEqual(raw);
  });

  it('looks like real sources: three of them, unique keys, mixed-case emails, formatted phones, missing values', () => {
    const recs = raw.map((r) => r.record);
    expect(new Set(recs.map((r) => r.source))).toEqual(new Set(['web', 'loyalty', 'pos']));
    expect(new Set(recs.map((r) => `${r.source}:${r.sourceId}`)).size).toBe(recs.length);
    expect(recs.some((r) => r.email !== null && r.email !== r.email.trim().toLowerCase())).toBe(true);
    expect(recs.some((r) => r.phone !== null && /[().\s-]/.test(r.phone))).toBe(true);
    expect(recs.some((r) => r.source === 'pos' && r.phone === null && r.email === null)).toBe(true);
    // Every phone written in the sample normalizes with the default country code (1).
    expect(
      recs.filter((r) => r.phone !== null && normalizePhone(r.phone, { defaultCountryCode: '1' }) === undefined),
    ).toEqual([]);
  });

  it('resolves, with the default ruleset, into individuals that never mix two people, recovering most duplicates', () => {
    const res = resolveIdentities(
      raw.map((r) => r.record),
      DEFAULT_IDENTITY_RESOLUTION,
    );
    const truth = new Map(raw.map((r) => [`${r.record.source}:${r.record.sourceId}`, r.individualId]));
    const peopleOf = res.individuals.map(
      (ind) => new Set(ind.members.map((i) => truth.get(`${res.records[i]!.source}:${res.records[i]!.sourceId}`))),
    );
    expect(peopleOf.filter((p) => p.size > 1)).toHaveLength(0);
    // Recall: unified individuals per person (1 is perfect); pos records without a phone stay apart.
    const people = new Set(raw.map((r) => r.individualId)).size;
    expect(res.individuals.length / people).toBeLessThan(1.25);
    expect(res.report.consolidationRate).toBeGreaterThan(0.3);
    expect(res.report.conflicts.map((c) => c.field).sort()).toEqual(['email', 'firstName']);
  });
});
