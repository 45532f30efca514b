import { describe, expect, it } from 'vitest';
import { unifiedIdOf } from '../../../engine/identity/index.ts';
import { identityWorkspace, must, RECORDS_HEADER } from './service-fixture.ts';

const ANN = unifiedIdOf('loyalty', 'L1');
const BOB = unifiedIdOf('pos', 'p2');

// Ann: web:w1 ~ loyalty:L1 by email, pos:p1 ~ web:w1 by phone. Bob: pos:p2 alone, web:w2 alone (for now).
const RECORDS = [
  `${RECORDS_HEADER},loyaltyTier`,
  'w1,web,ann@example.com,(212) 555-0101,Ann,Lee,2026-03-01T00:00:00Z,',
  'L1,loyalty,ANN@example.com ,,Annie,Lee,2026-01-01T00:00:00Z,Gold',
  'p1,pos,,212.555.0101,ANN,LEE,,',
  'p2,pos,,+44 20 7946 0958,Bob,Ray,,',
  'w2,web,bob@example.com,,Bob,,2026-02-01T00:00:00Z,',
].join('\n');

describe('identity resolution (service)', () => {
  it('writes unified individuals with reconciled attributes, the mapping and the report; adds the fields to the profile graph', async () => {
    const w = await identityWorkspace();
    must(await w.importFile('source-records', 'records.csv', RECORDS));
    const report = must(await w.resolve());
    expect(report).toMatchObject({
      dataSpace: 'default',
      resolvedAt: '2026-11-28T12:00:00.000Z',
      defaultRuleset: true,
      records: 5,
      individuals: 3,
      consolidationRate: 0.4,
      changes: { created: 3, updated: 0, unchanged: 0, retired: 0, eventsMoved: 0 },
      addedFields: [
        { name: 'email', type: 'string' },
        { name: 'phone', type: 'string' },
        { name: 'firstName', type: 'string' },
        { name: 'lastName', type: 'string' },
      ],
      previous: null,
    });
    expect(w.individuals()).toEqual({
      [ANN]: {
        email: 'ann@example.com',
        phone: '(212) 555-0101',
        firstName: 'Ann',
        lastName: 'Lee',
        loyaltyTier: 'Gold',
      },
      [BOB]: { phone: '+44 20 7946 0958', firstName: 'Bob', lastName: 'Ray' },
      [unifiedIdOf('web', 'w2')]: { email: 'bob@example.com', firstName: 'Bob' },
    });
    expect(w.store.countIndividuals(w.space)).toBe(3);
    // The profile graph now defines the reconciled fields (loyaltyTier came with the import).
    const cfg = must(await w.service.call('config.get', {}));
    expect(cfg.config.dataSpaces[0]!.profileDataGraphs[0]!.fields.map((f) => f.name)).toEqual([
      'loyaltyTier',
      'email',
      'phone',
      'firstName',
      'lastName',
    ]);
    // The mapping, with the rule that linked each record and the record it matched.
    const records = must(await w.service.call('identity.records', { unifiedId: ANN }));
    expect(records.rows.map((r) => [`${r.source}:${r.sourceId}`, r.unifiedId, r.rule, r.matchedWith])).toEqual([
      ['loyalty:L1', ANN, 'email_exact', 'web:w1'],
      ['pos:p1', ANN, 'phone_exact', 'web:w1'],
      ['web:w1', ANN, 'email_exact', 'loyalty:L1'],
    ]);
    // The stored report is what resolve returned.
    const stored = must(await w.service.call('identity.report', {}));
    expect(stored.report).toEqual(report);
    expect(stored).toMatchObject({ sourceRecords: 5, unresolvedRecords: 0 });
    // The profile document of a unified individual carries the reconciled attributes.
    const doc = must(await w.service.call('individuals.profile', { individualId: ANN, asOf: '2026-11-28T12:00:00Z' }));
    expect(doc.data).toMatchObject({ id: ANN, email: 'ann@example.com', firstName: 'Ann', loyaltyTier: 'Gold' });
    // Where each attribute comes from.
    const one = must(await w.service.call('identity.individual', { unifiedId: ANN }));
    expect(one.provenance).toEqual({
      email: 'web:w1',
      phone: 'web:w1',
      firstName: 'web:w1',
      lastName: 'web:w1',
      loyaltyTier: 'loyalty:L1',
    });
    expect(one.conflicts.map((c) => c.field)).toEqual(['firstName']);
  });

  it('gives the same unified ids and attributes when re-run with nothing changed', async () => {
    const w = await identityWorkspace();
    must(await w.importFile('source-records', 'records.csv', RECORDS));
    const first = must(await w.resolve());
    const before = w.individuals();
    const second = must(await w.resolve());
    expect(w.individuals()).toEqual(before);
    expect(second.changes).toEqual({ created: 0, updated: 0, unchanged: 3, retired: 0, eventsMoved: 0 });
    expect(second.addedFields).toEqual([]);
    expect(second.previous).toEqual({
      resolutionId: first.resolutionId,
      resolvedAt: first.resolvedAt,
      records: 5,
      individuals: 3,
    });
    const {
      resolutionId: _a,
      previous: _p,
      changes: _c,
      addedFields: _f,
      addedFieldsRevision: _r,
      configRevision: _v,
      ...figures
    } = second;
    const {
      resolutionId: _b,
      previous: _q,
      changes: _d,
      addedFields: _g,
      addedFieldsRevision: _s,
      configRevision: _w,
      ...firstFigures
    } = first;
    expect(figures).toEqual(firstFigures);
  });

  it('retires the id of a cluster that merges into another and moves its events; a split keeps the anchor part on the old id', async () => {
    const w = await identityWorkspace();
    must(await w.importFile('items', 'items.csv', 'id,name,price,inStock,createdAt\nprod_1,Shoe,10,true,2025-01-01\n'));
    must(await w.importFile('source-records', 'records.csv', RECORDS));
    must(await w.resolve());
    const W2 = unifiedIdOf('web', 'w2');
    // Events keyed by source ids land on the unified individuals.
    must(
      await w.importFile(
        'events',
        'events.csv',
        'individualId,itemId,type,timestamp\nweb:w2,prod_1,browse,2026-11-01T00:00:00Z\nw2,prod_1,cart,2026-11-02T00:00:00Z\np2,prod_1,order,2026-11-03T00:00:00Z\n',
      ),
    );
    const eventsOf = (id: string) =>
      ['browse', 'cart', 'order'].flatMap((type) =>
        w.store
          .readEngagement(w.space, id, {
            type: type as 'browse',
            fromMs: 0,
            toMs: Date.parse('2030-01-01T00:00:00Z'),
            limit: 10,
            itemFields: [],
          })
          .map((e) => e.type),
      );
    expect(eventsOf(W2)).toEqual(['browse', 'cart']);
    expect(eventsOf(BOB)).toEqual(['order']);

    // 1. Merge: a loyalty record with Bob's email and phone joins pos:p2 and web:w2.
    must(
      await w.importFile(
        'source-records',
        'more.csv',
        `${RECORDS_HEADER}\nL2,loyalty,bob@example.com,0044 20 7946 0958,Bobby,Ray,2026-04-01T00:00:00Z\n`,
      ),
    );
    const merged = must(await w.resolve());
    const BOB_NOW = unifiedIdOf('loyalty', 'L2'); // L2 sorts before pos:p2 and web:w2: it is the new anchor
    expect(merged.changes).toEqual({ created: 1, updated: 0, unchanged: 1, retired: 2, eventsMoved: 3 });
    expect(Object.keys(w.individuals()).sort()).toEqual([ANN, BOB_NOW].sort());
    expect(eventsOf(BOB_NOW)).toEqual(['browse', 'cart', 'order']);
    expect(w.individuals()[BOB_NOW]).toEqual({
      email: 'bob@example.com',
      phone: '0044 20 7946 0958',
      firstName: 'Bobby',
      lastName: 'Ray',
    });
    expect(w.store.countIndividuals(w.space)).toBe(2);
    expect(w.store.countEvents(w.space)).toBe(3);

    // 2. Split: L2 moves away (new email, no phone); pos:p2 and web:w2 are apart again.
    must(
      await w.importFile(
        'source-records',
        'moved.csv',
        `${RECORDS_HEADER}\nL2,loyalty,robert@example.org,,Bobby,Ray,2026-05-01T00:00:00Z\n`,
      ),
    );
    const split = must(await w.resolve());
    expect(split.individuals).toBe(4);
    expect(Object.keys(w.individuals()).sort()).toEqual([ANN, BOB_NOW, BOB, W2].sort());
    // The events stay with the id that survived (the anchor part).
    expect(eventsOf(BOB_NOW)).toEqual(['browse', 'cart', 'order']);
    expect(split.changes).toEqual({ created: 2, updated: 1, unchanged: 1, retired: 0, eventsMoved: 0 });
    expect(w.individuals()[BOB_NOW]).toEqual({ email: 'robert@example.org', firstName: 'Bobby', lastName: 'Ray' });
  });

  it('refuses to overwrite an imported profile whose id is a new unified id (Conflict), and writes nothing', async () => {
    const w = await identityWorkspace();
    must(await w.importFile('profiles', 'p.csv', `id,firstName\n${ANN},Imposter\n`));
    must(await w.importFile('source-records', 'records.csv', RECORDS));
    const r = await w.resolve();
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('Conflict');
    expect(r.error.message).toMatch(
      /1 unified id\(s\) are already ids of individuals imported as profiles \(first: ui_[0-9a-f]{16}\); nothing was written/,
    );
    expect(w.individuals()).toEqual({ [ANN]: { firstName: 'Imposter' } });
    expect(must(await w.service.call('identity.report', {}))).toMatchObject({ report: null, unresolvedRecords: 5 });
  });

  it('refuses a stale resolution when source records were imported meanwhile (Conflict)', async () => {
    const w = await identityWorkspace();
    must(await w.importFile('source-records', 'records.csv', RECORDS));
    const version = w.store.identity.sourceRecordsVersion(w.space);
    must(await w.importFile('source-records', 'more.csv', `${RECORDS_HEADER}\nz,web,z@x.com,,,,\n`));
    const r = w.store.identity.applyResolution(w.space, {
      resolvedAt: 'x',
      configRevision: null,
      ruleset: {},
      sourceRecordsVersion: version,
      individuals: [],
      links: [],
      report: () => ({}),
    });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'Conflict', message: expect.stringMatching(/source records were imported while resolving/) },
    });
  });

  it('is cancellable, and fails clearly without records or a profile graph', async () => {
    const w = await identityWorkspace();
    expect(await w.resolve()).toMatchObject({
      ok: false,
      error: { code: 'InvalidRequest', message: expect.stringMatching(/has no source records; import some first/) },
    });
    must(await w.importFile('source-records', 'records.csv', RECORDS));
    const controller = new AbortController();
    controller.abort();
    expect(await w.resolve(controller.signal)).toMatchObject({ ok: false, error: { code: 'Cancelled' } });
    expect(w.store.countIndividuals(w.space)).toBe(0);
    expect(await w.service.call('identity.resolve', { dataSpace: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'DataSpaceNotFound' },
    });
  });

  it('runs as a job with progress through the service', async () => {
    const w = await identityWorkspace();
    must(await w.importFile('source-records', 'records.csv', RECORDS));
    const messages: string[] = [];
    w.ctx.jobs.subscribe((e) => messages.push(`${e.type}: ${e.job.progress.message ?? ''}`));
    const { jobId } = must(await w.service.call('identity.resolve', {}));
    const job = must(await w.service.call('jobs.wait', { id: jobId }));
    expect(job.status).toBe('succeeded');
    expect((job.result as { individuals: number }).individuals).toBe(3);
    expect(messages[0]).toBe('progress: loading source records');
    expect(messages.at(-1)).toBe('ended: done');
  });

  it('follows the data space ruleset: rules, normalization options and reconciliation policies', async () => {
    const w = await identityWorkspace();
    const cfg = must(await w.service.call('config.get', {})).config;
    cfg.dataSpaces[0]!.identityResolution = {
      normalization: { defaultCountryCode: '44', stripPlusAddressing: true, gmailDots: true },
      matchRules: [
        { name: 'email_exact', criteria: [{ field: 'email', normalize: 'email' }], active: true },
        { name: 'phone_exact', criteria: [{ field: 'phone', normalize: 'phone' }], active: false },
      ],
      reconciliation: {
        policy: 'sourcePriority',
        sourcePriority: ['crm', 'web'],
        fields: [{ field: 'firstName', policy: 'mostRecent' }],
      },
    };
    must(await w.service.call('config.save', { config: cfg }));
    must(
      await w.importFile(
        'source-records',
        'r.csv',
        [
          RECORDS_HEADER,
          'a,web,j.ane+news@googlemail.com,020 7946 0958,Jane,Web,2026-01-01T00:00:00Z',
          'b,crm,jane@gmail.com,,Janie,Crm,2025-01-01T00:00:00Z',
          'c,pos,,+44 20 7946 0958,Jay,Pos,',
        ].join('\n'),
      ),
    );
    const r = must(await w.resolve());
    expect(r.defaultRuleset).toBe(false);
    expect(r.matchRules).toEqual([
      { name: 'email_exact', active: true, links: 1, matchedRecords: 2 },
      { name: 'phone_exact', active: false, links: 0, matchedRecords: 0 },
    ]);
    expect(w.individuals()[unifiedIdOf('crm', 'b')]).toEqual({
      email: 'jane@gmail.com',
      phone: '020 7946 0958',
      firstName: 'Jane',
      lastName: 'Crm',
    });
  });
});
