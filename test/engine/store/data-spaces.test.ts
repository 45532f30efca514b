import { describe, expect, it } from 'vitest';
import { event, individual, item, newWorkspace } from './workspace-fixture.ts';

describe('data spaces', () => {
  it('ensures a data space once, updating its label, and lists them by API name', () => {
    const { store } = newWorkspace();
    const a = store.ensureDataSpace('retail_eu', 'Retail EU');
    expect(store.ensureDataSpace('retail_eu', 'Retail Europe')).toBe(a);
    expect(store.dataSpaceId('retail_eu')).toBe(a);
    expect(store.dataSpaceId('nope')).toBeUndefined();
    expect(store.listDataSpaces().map((d) => [d.apiName, d.label])).toEqual([
      ['default', 'Default'],
      ['retail_eu', 'Retail Europe'],
    ]);
  });

  it('counts individuals, items and events per data space, and keeps spaces apart', () => {
    const { store, space } = newWorkspace();
    const other = store.ensureDataSpace('other', 'Other');
    store.insertIndividuals(space, [individual(1), individual(2)]);
    store.insertIndividuals(space, [individual(2, { firstName: 'Again' })]); // an update, not a new row
    store.insertItems(space, [item(1)]);
    store.insertEvents(space, [event('ind_1', 'prod_1', 'browse', '2025-01-01T00:00:00.000Z')]);
    store.insertIndividuals(other, [individual(1)]);
    expect(store.listDataSpaces()).toEqual([
      { apiName: 'default', label: 'Default', individuals: 2, items: 1, events: 1 },
      { apiName: 'other', label: 'Other', individuals: 1, items: 0, events: 0 },
    ]);
    expect([store.countIndividuals(space), store.countItems(space), store.countEvents(space)]).toEqual([2, 1, 1]);
    expect(store.getIndividual(other, 'ind_1')).toEqual(individual(1));
    expect(store.getIndividual(other, 'ind_2')).toBeUndefined();
  });

  it('recounts a data space from its rows', () => {
    const { store, space } = newWorkspace();
    store.insertIndividuals(space, [individual(1)]);
    store.recountDataSpace(space);
    expect(store.countIndividuals(space)).toBe(1);
  });
});
