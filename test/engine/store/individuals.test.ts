import { describe, expect, it } from 'vitest';
import { individual, newWorkspace } from './workspace-fixture.ts';

describe('individuals', () => {
  it('are written in bulk and read back as domain objects', () => {
    const { store, space } = newWorkspace();
    const n = store.insertIndividuals(space, [
      { id: 'a', attributes: { firstName: 'Ann', vip: true, age: 31, note: null } },
      { id: 'b', attributes: {} },
    ]);
    expect(n).toBe(2);
    expect(store.getIndividual(space, 'a')).toEqual({
      id: 'a',
      attributes: { firstName: 'Ann', vip: true, age: 31, note: null },
    });
    expect(store.getIndividual(space, 'missing')).toBeUndefined();
  });

  it('are upserted by id: attributes are replaced', () => {
    const { store, space } = newWorkspace();
    store.insertIndividuals(space, [{ id: 'a', attributes: { x: 1, y: 2 } }]);
    store.insertIndividuals(space, [{ id: 'a', attributes: { x: 3 } }]);
    expect(store.getIndividual(space, 'a')).toEqual({ id: 'a', attributes: { x: 3 } });
    expect(store.countIndividuals(space)).toBe(1);
  });

  it('are listed by id in pages, with a total', () => {
    const { store, space } = newWorkspace();
    store.insertIndividuals(
      space,
      [3, 1, 2, 5, 4].map((n) => individual(n)),
    );
    const page = store.listIndividuals(space, { offset: 1, limit: 2 });
    expect(page.total).toBe(5);
    expect(page.rows.map((r) => r.id)).toEqual(['ind_2', 'ind_3']);
  });

  it('are searched by a substring of the id or of an attribute value (not of a key)', () => {
    const { store, space } = newWorkspace();
    store.insertIndividuals(space, [
      { id: 'alice', attributes: { email: 'alice@example.com', tier: 'Gold' } },
      { id: 'bob', attributes: { email: 'bob@example.org', tier: 'silver' } },
      { id: 'carol_50%', attributes: { tier: 'gold' } },
    ]);
    expect(store.listIndividuals(space, { offset: 0, limit: 10, search: 'GOLD' }).rows.map((r) => r.id)).toEqual([
      'alice',
      'carol_50%',
    ]);
    expect(store.listIndividuals(space, { offset: 0, limit: 10, search: 'example.org' }).rows.map((r) => r.id)).toEqual(
      ['bob'],
    );
    expect(store.listIndividuals(space, { offset: 0, limit: 10, search: 'email' }).total).toBe(0);
    // LIKE wildcards in the search text match literally.
    expect(store.listIndividuals(space, { offset: 0, limit: 10, search: '50%' }).rows.map((r) => r.id)).toEqual([
      'carol_50%',
    ]);
    expect(store.listIndividuals(space, { offset: 0, limit: 10, search: '_' }).rows.map((r) => r.id)).toEqual([
      'carol_50%',
    ]);
    const page = store.listIndividuals(space, { offset: 1, limit: 1, search: 'o' });
    expect([page.total, page.rows.map((r) => r.id)]).toEqual([3, ['bob']]);
  });

  it('ids are iterated in order, across pages, resumable after an id', () => {
    const { store, space } = newWorkspace();
    const ids = Array.from({ length: 4500 }, (_, i) => `id_${String(i).padStart(5, '0')}`);
    store.insertIndividuals(
      space,
      [...ids].reverse().map((id) => ({ id, attributes: {} })),
    );
    expect([...store.iterateIndividualIds(space)]).toEqual(ids);
    expect([...store.iterateIndividualIds(space, { afterId: 'id_02999' })]).toEqual(ids.slice(3000));
    expect([...store.iterateIndividualIds(space, { afterId: 'id_99999' })]).toEqual([]);
  });

  it('iteration leaves the connection free for writes between ids', () => {
    const { store, space } = newWorkspace();
    store.insertIndividuals(space, [individual(1), individual(2)]);
    const seen: string[] = [];
    for (const id of store.iterateIndividualIds(space)) {
      seen.push(id);
      store.setMeta('last_id', id);
    }
    expect(seen).toEqual(['ind_1', 'ind_2']);
    expect(store.getMeta('last_id')).toBe('ind_2');
  });
});
