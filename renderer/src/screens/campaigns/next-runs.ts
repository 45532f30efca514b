import { Cron } from 'croner';

/** The next scheduled times of a cron schedule in its time zone (ISO), or the reason it has none. */
export function nextRuns(
  cron: string,
  timezone: string,
  count: number,
  fromMs: number,
): { ok: true; times: string[] } | { ok: false; message: string } {
  try {
    Intl.DateTimeFormat('en-US', { timeZone: timezone });
  } catch {
    return { ok: false, message: `unknown time zone "${timezone}"` };
  }
  if (cron.trim().split(/\s+/).length !== 5)
    return { ok: false, message: 'five fields: minute hour day-of-month month day-of-week' };
  try {
    const times = new Cron(cron, { timezone, paused: true })
      .nextRuns(count, new Date(fromMs))
      .map((d) => d.toISOString());
    return { ok: true, times };
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
}

/** A scheduled time shown in the campaign's own time zone, e.g. "Mon 30 Nov 2026, 20:00 (America/New_York)". */
export function inZone(iso: string, timezone: string): string {
  try {
    return `${new Intl.DateTimeFormat('en-GB', { timeZone: timezone, weekday: 'short', day: '2-digit', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso))}`;
  } catch {
    return iso;
  }
}
