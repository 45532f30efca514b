import type { Fault, OutputOf, Result } from '../api/client.ts';
import type { SliceCreator } from './store-types.ts';

export type WorkspaceClock = OutputOf<'clock.get'>;

/**
 * The workspace clock as the service reports it: the time every screen without an explicit as-of
 * runs at. The renderer never reads the browser's clock for this (only for log stamps).
 */
export interface ClockSlice {
  clock: WorkspaceClock | null;
  clockError: Fault | null;
  /** clock.get (at start, after imports: the end of the data may move). */
  loadClock(): Promise<void>;
  /** clock.set: a time, or null for the end of the data; the screens reading it reload. */
  setClock(time: string | null): Promise<Result<WorkspaceClock>>;
}

export const createClockSlice: SliceCreator<ClockSlice> = (set, get) => ({
  clock: null,
  clockError: null,
  async loadClock() {
    const r = await get().call('clock.get', {});
    set(r.ok ? { clock: r.data, clockError: null } : { clockError: r.error });
  },
  async setClock(time) {
    const r = await get().call('clock.set', { time });
    if (r.ok) set({ clock: r.data, clockError: null });
    return r;
  },
});
