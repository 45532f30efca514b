import { RESERVED_PROFILE_NAMES } from '../../model/data-graph.ts';
import type { Connection } from '../connection.ts';
import { IndividualWriter } from '../individuals.ts';
import { DuplicateIds, readId, type RowKind } from './row-kind.ts';

interface ProfileRow {
  id: string;
  attributesJson: string;
}

const reserved = new Map<string, string>(
  RESERVED_PROFILE_NAMES.filter((n) => n !== 'id').map((n) => [
    n,
    `the profile document reserves ${RESERVED_PROFILE_NAMES.join(', ')}`,
  ]),
);

/** Profiles (unified individuals): `id` plus attributes; upserted by id. */
export function profileRows(c: Connection, spaceId: number): RowKind<ProfileRow> {
  const writer = new IndividualWriter(c, spaceId);
  const ids = new DuplicateIds();
  return {
    columns: { required: ['id'], optional: [], attributes: true, reserved, noun: 'profile' },
    check(values, attributes, loc, issues) {
      const id = readId(values, 'id', issues);
      if (typeof id !== 'string') return undefined;
      ids.check(id, loc, issues);
      return { id, attributesJson: JSON.stringify(attributes) };
    },
    write: (r) => writer.write(r.id, r.attributesJson),
    finish() {
      writer.finish();
      return { inserted: writer.inserted, updated: writer.updated };
    },
  };
}
