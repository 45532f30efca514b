// Display formatting shared by the screens: numbers, times (always UTC, the engine's zone), durations.

const INT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const DEC = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** 12,345 */
export const fmtInt = (n: number | null | undefined): string =>
  n === null || n === undefined || !Number.isFinite(n) ? '—' : INT.format(n);
/** 12.35 */
export const fmtNum = (n: number | null | undefined): string =>
  n === null || n === undefined || !Number.isFinite(n) ? '—' : DEC.format(n);
/** 12.3 % of a whole */
export const fmtPct = (part: number, whole: number): string =>
  whole > 0 ? `${(Math.round((part / whole) * 1000) / 10).toFixed(1)} %` : '—';

/** "2026-11-28 12:00:00 UTC" from an ISO time (seconds kept: watermarks are exact). */
export function fmtTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const s = new Date(ms).toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, 19)} UTC`;
}

/** "2026-11-28" */
export const fmtDate = (iso: string | null | undefined): string => (iso ? fmtTime(iso).slice(0, 10) : '—');

/** "1.234 ms", "2.5 s", "3 min 4 s" */
export function fmtDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(3) : ms.toFixed(1)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - m * 60)} s`;
}

/** "in 3 h", "5 min ago" relative to a reference time. */
export function fmtRelative(iso: string | null | undefined, nowMs: number): string {
  if (!iso) return '—';
  const d = Date.parse(iso) - nowMs;
  const a = Math.abs(d);
  const unit =
    a < 90_000
      ? [Math.round(a / 1000), 's']
      : a < 5_400_000
        ? [Math.round(a / 60_000), 'min']
        : a < 172_800_000
          ? [Math.round(a / 3_600_000), 'h']
          : [Math.round(a / 86_400_000), 'd'];
  return d >= 0 ? `in ${unit[0]} ${unit[1]}` : `${unit[0]} ${unit[1]} ago`;
}

/** A JSON value on one line, shortened. */
export function shortJson(v: unknown, max = 60): string {
  const s = JSON.stringify(v);
  if (s === undefined) return 'undefined';
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}

/** JSONLogic truthiness (jsonlogic.com/truthy): JavaScript's, except that [] is falsy. */
export const truthy = (v: unknown): boolean => (Array.isArray(v) ? v.length > 0 : Boolean(v));

/** A byte count as B, KB, MB or GB (powers of 1024). */
export function fmtBytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}
