import type { SourceRecord } from '../model/identity-resolution.ts';
import type { Scalar } from '../model/json.ts';

/** Columns of a source record that are not attributes (and so not reconciled as ones). */
export const RECORD_KEY_FIELDS = ['source', 'sourceId', 'updatedAt'] as const;

/** The value of a field of a source record: a column (email, phone, names, sourceId...) or an attribute. */
export function fieldOf(r: SourceRecord, field: string): Scalar | undefined {
  switch (field) {
    case 'email':
      return r.email;
    case 'phone':
      return r.phone;
    case 'firstName':
      return r.firstName;
    case 'lastName':
      return r.lastName;
    case 'sourceId':
      return r.sourceId;
    case 'source':
      return r.source;
    case 'updatedAt':
      return r.updatedAt;
    default:
      return Object.hasOwn(r.attributes, field) ? r.attributes[field] : undefined;
  }
}

/** True when a value counts as present (not null, not empty or blank text). */
export const isPresent = (v: Scalar | undefined): v is string | number | boolean =>
  v !== null && v !== undefined && !(typeof v === 'string' && v.trim() === '');
