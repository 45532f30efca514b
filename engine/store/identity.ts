import { fail, ok, type Result } from '../model/errors.ts';
import * as configRevisions from './config-revisions.ts';
import type { Connection } from './connection.ts';
import { addCounts } from './data-spaces.ts';
import { individualPk } from './individuals.ts';
import { getMeta } from './meta.ts';
import {
  countSourceRecords,
  countUnresolved,
  iterateSourceRecords,
  listSourceRecords,
  type LinkedSourceRecord,
  type StoredSourceRecord,
} from './source-records.ts';

/** What a resolution writes: its unified individuals, the record → individual mapping, its report. */
export interface ResolutionWrite {
  resolvedAt: string;
  /** The config revision whose ruleset was used (before any fields this resolution adds). */
  configRevision: number | null;
  ruleset: unknown;
  /** The source-records version the resolution read (sourceRecordsVersion); a change since then is a Conflict. */
  sourceRecordsVersion: number;
  individuals: { unifiedId: string; anchorPk: number; records: number; attributesJson: string }[];
  links: { recordPk: number; unifiedId: string; rule: string | null; matchedPk: number | null }[];
  /** The report to store, given what the write changed (called inside the transaction). */
  report: (changes: Omit<ResolutionApplied, 'resolutionId'>) => unknown;
  /** A configuration to save as a new revision in the same transaction (fields added to the profile graph). */
  config?: { json: unknown; note: string };
}

/** What applying a resolution changed. */
export interface ResolutionApplied {
  resolutionId: number;
  /** Unified individuals new in this resolution. */
  created: number;
  /** Unified individuals kept (same id) whose attributes changed. */
  updated: number;
  /** Unified individuals kept with the same attributes. */
  unchanged: number;
  /** Unified individuals of the previous resolution whose clusters merged into another: removed. */
  retired: number;
  /** Engagement events moved from retired individuals to the individual that absorbed them. */
  eventsMoved: number;
  /** The config revision saved with the resolution, or null. */
  configRevision: number | null;
}

/** One stored resolution (the latest is the one in force). */
export interface StoredResolution {
  id: number;
  resolvedAt: string;
  configRevision: number | null;
  records: number;
  individuals: number;
  ruleset: unknown;
  report: unknown;
}

interface ResolutionRow {
  id: number;
  resolved_at: string;
  config_revision: number | null;
  records: number;
  individuals: number;
  ruleset: string;
  report: string;
}

const toResolution = (r: ResolutionRow): StoredResolution => ({
  id: r.id,
  resolvedAt: r.resolved_at,
  configRevision: r.config_revision,
  records: r.records,
  individuals: r.individuals,
  ruleset: JSON.parse(r.ruleset) as unknown,
  report: JSON.parse(r.report) as unknown,
});

/** workspace_meta key of a data space's source-records version, bumped by every import of source records. */
export const sourceRecordsVersionKey = (spaceId: number): string => `source_records_version:${spaceId}`;

/** Bumps the source-records version of a data space (inside the import's transaction). */
export function bumpSourceRecordsVersion(c: Connection, spaceId: number): void {
  c.stmt(
    'INSERT INTO workspace_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)',
  ).run(sourceRecordsVersionKey(spaceId), '1');
}

/** Unified ids that are ids of individuals IR does not own; thrown to roll the transaction back. */
class TakenIds extends Error {
  constructor(readonly ids: string[]) {
    super(`unified ids already taken: ${ids.slice(0, 3).join(', ')}`);
  }
}

const isBusy = (e: unknown): boolean => e instanceof Error && /^SQLITE_BUSY/.test((e as { code?: string }).code ?? '');

/** Identity resolution's tables: source records, the record → unified individual mapping, resolutions. */
export class IdentityRepository {
  constructor(
    private readonly c: Connection,
    private readonly assertWritable: (what: string) => void,
  ) {}

  /** How many source records a data space holds. */
  countSourceRecords(spaceId: number): number {
    return countSourceRecords(this.c, spaceId);
  }

  /** How many source records no resolution has seen yet. */
  countUnresolved(spaceId: number): number {
    return countUnresolved(this.c, spaceId);
  }

  /** The data space's source-records version: changes with every import of source records. */
  sourceRecordsVersion(spaceId: number): number {
    return Number(getMeta(this.c, sourceRecordsVersionKey(spaceId)) ?? '0');
  }

  /** Source records by (source, sourceId) in SQLite BINARY order, in keyset pages. */
  iterateSourceRecords(spaceId: number): IterableIterator<StoredSourceRecord> {
    return iterateSourceRecords(this.c, spaceId);
  }

  /** A page of source records with their links (optionally of one unified individual, or matching a search). */
  listSourceRecords(
    spaceId: number,
    q: { offset: number; limit: number; search?: string; unifiedId?: string },
  ): { total: number; rows: LinkedSourceRecord[] } {
    return listSourceRecords(this.c, spaceId, q);
  }

  /** The resolution in force (the latest), or undefined when the data space was never resolved. */
  latestResolution(spaceId: number): StoredResolution | undefined {
    const row = this.c
      .stmt(
        'SELECT id, resolved_at, config_revision, records, individuals, ruleset, report FROM identity_resolutions WHERE space_id = ? ORDER BY id DESC LIMIT 1',
      )
      .get(spaceId) as ResolutionRow | undefined;
    return row && toResolution(row);
  }

  /** Every resolution of a data space, newest first, without ruleset and report. */
  listResolutions(spaceId: number): Omit<StoredResolution, 'ruleset' | 'report'>[] {
    const rows = this.c
      .stmt(
        'SELECT id, resolved_at, config_revision, records, individuals FROM identity_resolutions WHERE space_id = ? ORDER BY id DESC',
      )
      .all(spaceId) as Omit<ResolutionRow, 'ruleset' | 'report'>[];
    return rows.map((r) => ({
      id: r.id,
      resolvedAt: r.resolved_at,
      configRevision: r.config_revision,
      records: r.records,
      individuals: r.individuals,
    }));
  }

  /**
   * Writes a resolution, all or nothing, in one IMMEDIATE transaction. Only what changed is
   * written, so re-running an unchanged resolution touches no individual or mapping row.
   * 1. refuse when the source records changed since they were read (Conflict; nothing written);
   * 2. upsert the unified individuals — a new unified id that is already the id of an individual
   *    identity resolution does not own rolls everything back (Conflict);
   * 3. retire the previous resolution's individuals whose id is gone (their cluster merged into
   *    another): move their events to the individual now holding their anchor record, delete them;
   * 4. bring the record → individual mapping and the list of owned individuals up to date;
   * 5. record the resolution with its report, and save the config revision given with it.
   */
  applyResolution(spaceId: number, w: ResolutionWrite): Result<ResolutionApplied> {
    try {
      this.assertWritable('applyResolution');
    } catch (e) {
      return fail(
        'Conflict',
        `${(e as Error).message}; nothing was written — run the resolution again once the import has ended`,
      );
    }
    const c = this.c;
    const step = c.db.transaction((): Result<ResolutionApplied> => {
      // 1.
      if (this.sourceRecordsVersion(spaceId) !== w.sourceRecordsVersion)
        return fail(
          'Conflict',
          'source records were imported while resolving; nothing was written — run the resolution again',
        );
      const previous = new Map(
        (
          c
            .stmt('SELECT unified_id, anchor_pk, records FROM identity_unified WHERE space_id = ?')
            .raw(true)
            .all(spaceId) as [string, number, number][]
        ).map(([id, pk, n]) => [id, { anchorPk: pk, records: n }]),
      );
      // 2.
      const insert = c.stmt(
        'INSERT INTO individuals (space_id, id, attributes) VALUES (?, ?, ?) ON CONFLICT (space_id, id) DO NOTHING',
      );
      const update = c.stmt(
        'UPDATE individuals SET attributes = ? WHERE space_id = ? AND id = ? AND attributes IS NOT ?',
      );
      let created = 0;
      let updated = 0;
      let unchanged = 0;
      const taken: string[] = [];
      const newIds = new Set<string>();
      for (const ind of w.individuals) {
        newIds.add(ind.unifiedId);
        if (previous.has(ind.unifiedId)) {
          if (update.run(ind.attributesJson, spaceId, ind.unifiedId, ind.attributesJson).changes === 1) updated++;
          else unchanged++;
        } else if (insert.run(spaceId, ind.unifiedId, ind.attributesJson).changes === 1) created++;
        else taken.push(ind.unifiedId);
      }
      if (taken.length > 0) throw new TakenIds(taken);
      addCounts(c, spaceId, { individuals: created });
      // 3.
      const holderOf = new Map(w.links.map((l) => [l.recordPk, l.unifiedId]));
      const moveEvents = c.stmt('UPDATE events SET individual_pk = ? WHERE individual_pk = ?');
      const deleteIndividual = c.stmt('DELETE FROM individuals WHERE pk = ?');
      let retired = 0;
      let eventsMoved = 0;
      for (const [oldId, { anchorPk }] of previous) {
        if (newIds.has(oldId)) continue;
        const oldPk = individualPk(c, spaceId, oldId);
        if (oldPk === undefined) continue;
        const heir = holderOf.get(anchorPk);
        const heirPk = heir === undefined ? undefined : individualPk(c, spaceId, heir);
        if (heirPk === undefined)
          throw new Error(
            `applyResolution: the anchor record of retired individual ${oldId} is in no unified individual`,
          );
        eventsMoved += moveEvents.run(heirPk, oldPk).changes;
        deleteIndividual.run(oldPk);
        retired++;
      }
      if (retired > 0) addCounts(c, spaceId, { individuals: -retired });
      // 4.
      const existing = new Map(
        (
          c
            .stmt('SELECT record_pk, unified_id, rule, matched_pk FROM identity_links WHERE space_id = ?')
            .raw(true)
            .all(spaceId) as [number, string, string | null, number | null][]
        ).map(([pk, id, rule, matched]) => [pk, { id, rule, matched }]),
      );
      const link = c.stmt(
        `INSERT INTO identity_links (record_pk, space_id, unified_id, rule, matched_pk) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (record_pk) DO UPDATE SET unified_id = excluded.unified_id, rule = excluded.rule, matched_pk = excluded.matched_pk`,
      );
      for (const l of w.links) {
        const e = existing.get(l.recordPk);
        existing.delete(l.recordPk);
        if (e && e.id === l.unifiedId && e.rule === l.rule && e.matched === l.matchedPk) continue;
        link.run(l.recordPk, spaceId, l.unifiedId, l.rule, l.matchedPk);
      }
      const unlink = c.stmt('DELETE FROM identity_links WHERE record_pk = ?');
      for (const pk of existing.keys()) unlink.run(pk);
      const own = c.stmt(
        `INSERT INTO identity_unified (space_id, unified_id, anchor_pk, records) VALUES (?, ?, ?, ?)
         ON CONFLICT (space_id, unified_id) DO UPDATE SET anchor_pk = excluded.anchor_pk, records = excluded.records`,
      );
      for (const ind of w.individuals) {
        const p = previous.get(ind.unifiedId);
        if (!p || p.anchorPk !== ind.anchorPk || p.records !== ind.records)
          own.run(spaceId, ind.unifiedId, ind.anchorPk, ind.records);
      }
      const disown = c.stmt('DELETE FROM identity_unified WHERE space_id = ? AND unified_id = ?');
      for (const id of previous.keys()) if (!newIds.has(id)) disown.run(spaceId, id);
      // 5.
      const configRevision = w.config
        ? configRevisions.saveConfig(c, w.config.json, w.config.note, w.resolvedAt)
        : null;
      const changes = { created, updated, unchanged, retired, eventsMoved, configRevision };
      const resolutionId = c
        .stmt(
          'INSERT INTO identity_resolutions (space_id, resolved_at, config_revision, ruleset, records, individuals, report) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id',
        )
        .pluck()
        .get(
          spaceId,
          w.resolvedAt,
          w.configRevision,
          JSON.stringify(w.ruleset),
          w.links.length,
          w.individuals.length,
          JSON.stringify(w.report(changes)),
        ) as number;
      return ok({ resolutionId, ...changes });
    });
    try {
      return step.immediate();
    } catch (e) {
      if (e instanceof TakenIds) {
        return fail(
          'Conflict',
          `${e.ids.length} unified id(s) are already ids of individuals imported as profiles (first: ${e.ids.slice(0, 3).join(', ')}); nothing was written`,
          {
            problems: e.ids
              .slice(0, 100)
              .map((id) => ({ field: 'id', message: `"${id}" is an individual identity resolution did not create` })),
            problemCount: e.ids.length,
          },
        );
      }
      if (isBusy(e))
        return fail(
          'Conflict',
          'the workspace is busy (another process is writing to it); nothing was written — try again',
        );
      throw e;
    }
  }
}
