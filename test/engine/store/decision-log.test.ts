// The decision log's field order is declared once (LOG_FIELDS): packing, unpacking, inserting and
// reading back all follow it, so an entry survives every step unchanged.
import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../../engine/store/index.ts';
import { LOG_ENTRY_WIDTH, packLogEntry, unpackLog, type PackedLog } from '../../../engine/store/decision-log.ts';

/** An entry with every field set to a value distinct from the others. */
const full = (over: Partial<LogEntry> = {}): LogEntry => ({
  individualId: 'ind_1',
  point: 'home_banner',
  decision: 'decision_a',
  outcome: 'decision',
  reason: 'TargetingRuleMatched',
  experiment: 'exp_hero',
  variant: 'treatment',
  inPool: true,
  control: false,
  itemIds: ['prod_1', 'prod_2'],
  credits: 1,
  errorCode: null,
  errorMessage: null,
  requestId: 'req_1',
  personalizationId: 'pz_1',
  ...over,
});

describe('packed decision log', () => {
  it('packs one value per LogEntry field', () => {
    const log: PackedLog = [];
    packLogEntry(log, full());
    expect(LOG_ENTRY_WIDTH).toBe(Object.keys(full()).length);
    expect(log).toHaveLength(LOG_ENTRY_WIDTH);
    // Booleans as 0/1 and item ids as JSON text: how the decision_log columns hold them.
    expect(log).toContain(1);
    expect(log).toContain(0);
    expect(log).toContain('["prod_1","prod_2"]');
  });

  it('unpacks what it packed, entry by entry (nulls, empty item lists and errors included)', () => {
    const entries = [
      full(),
      full({ individualId: 'ind_2', experiment: null, variant: null, inPool: null, control: null, itemIds: [] }),
      full({
        individualId: 'ind_3',
        decision: null,
        outcome: 'error',
        reason: 'Fault',
        credits: 0,
        errorCode: 'IndividualNotFound',
        errorMessage: 'no such individual',
        personalizationId: null,
      }),
    ];
    const log: PackedLog = [];
    for (const e of entries) packLogEntry(log, e);
    expect(unpackLog(log)).toEqual(entries);
  });
});
