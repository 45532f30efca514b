import { Cron } from 'croner';
import { fail, ok, type Result } from '../model/errors.ts';
import { DAY_MS } from '../model/time.ts';

/** A period of the estimate: n days, weeks, calendar months or calendar years from the as-of time. */
export interface Period {
  text: string;
  amount: number;
  unit: 'd' | 'w' | 'm' | 'y';
}

const PERIOD_UNITS: Record<Period['unit'], string> = { d: 'day', w: 'week', m: 'month', y: 'year' };
/** The longest period an estimate covers (5 years): enough for budgets, bounded for the run list. */
export const MAX_PERIOD_DAYS = 5 * 366;
/**
 * The most scheduled runs an estimate lists: every 3 minutes for 30 days. croner takes about
 * 0.1 ms per run with a time zone, so this bounds an estimate to a few seconds.
 */
export const MAX_RUNS = 15_000;
/** A month of growth: a twelfth of the mean Gregorian year (30.436875 days). */
export const GROWTH_MONTH_MS = (365.2425 / 12) * DAY_MS;

/** Parses a period such as 7d, 30d, 12w, 6m or 1y; InvalidInput naming the option otherwise. */
export function parsePeriod(text: string): Result<Period> {
  const m = /^\s*(\d+)\s*([dwmy])\s*$/i.exec(text);
  const bad = (why: string) =>
    fail<Period>(
      'InvalidInput',
      `--period "${text}" ${why}; write a whole number and a unit: 7d, 30d, 12w, 6m (calendar months) or 1y`,
      { field: 'period' },
    );
  if (!m) return bad('is not a period');
  const amount = Number(m[1]);
  const unit = m[2]!.toLowerCase() as Period['unit'];
  if (amount < 1) return bad('must be at least 1');
  const approxDays = amount * { d: 1, w: 7, m: 31, y: 366 }[unit];
  if (approxDays > MAX_PERIOD_DAYS) return bad(`is longer than the estimator covers (at most 5 years)`);
  return ok({ text: `${amount}${unit}`, amount, unit });
}

/** "30 days", "1 month"... */
export const periodLabel = (p: Period): string => `${p.amount} ${PERIOD_UNITS[p.unit]}${p.amount === 1 ? '' : 's'}`;

/** The end (exclusive) of a period starting at fromMs; months and years are calendar ones (UTC), the day clamped to the month's end. */
export function periodEnd(fromMs: number, p: Period): number {
  if (p.unit === 'd') return fromMs + p.amount * DAY_MS;
  if (p.unit === 'w') return fromMs + p.amount * 7 * DAY_MS;
  const d = new Date(fromMs);
  const months = p.unit === 'm' ? p.amount : p.amount * 12;
  const y = d.getUTCFullYear();
  const target = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, target + 1, 0)).getUTCDate();
  return Date.UTC(
    y,
    target,
    Math.min(d.getUTCDate(), lastDay),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    d.getUTCMilliseconds(),
  );
}

/** Parses a growth rate in % per month; InvalidInput naming the option otherwise. */
export function parseGrowth(text: string): Result<number> {
  const t = text.trim().replace(/%$/, '');
  const n = /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(t) ? Number(t) : NaN;
  return checkGrowth(n, text);
}

/** Checks a growth rate: a number above −100 (a shrinking segment) and at most 1000 % per month. */
export function checkGrowth(n: number, text: string = String(n)): Result<number> {
  if (!Number.isFinite(n))
    return fail(
      'InvalidInput',
      `--growth "${text}" is not a number; give the segment's growth in % per month, e.g. 2 or -1.5`,
      { field: 'growth' },
    );
  if (n <= -100 || n > 1000)
    return fail(
      'InvalidInput',
      `--growth ${text} is out of range: a monthly growth rate is above -100 and at most 1000 (%)`,
      { field: 'growth' },
    );
  return ok(n);
}

/**
 * Segment size at time t, growing `growthPercent` % per month from `baseMs`, compounding:
 * size × (1 + g/100)^(months), months = (t − base) / 30.436875 days (fractional months compound
 * continuously), rounded to whole individuals.
 */
export function grownSize(size: number, growthPercent: number, baseMs: number, atMs: number): number {
  if (growthPercent === 0 || size === 0) return size;
  return Math.round(size * Math.pow(1 + growthPercent / 100, (atMs - baseMs) / GROWTH_MONTH_MS));
}

/** A campaign schedule: cron with time zone, parsed by croner. */
export function cronOf(cron: string, timezone: string): Result<Cron> {
  try {
    return ok(new Cron(cron, { timezone, paused: true, mode: '5-part' }));
  } catch (e) {
    return fail('InvalidInput', `schedule "${cron}" (${timezone}): ${(e as Error).message}`, { field: 'schedule' });
  }
}

/** Scheduled times t with fromMs ≤ t < toMs, in order; InvalidInput when there are more than `cap`. */
export function scheduledRuns(schedule: Cron, fromMs: number, toMs: number, cap = MAX_RUNS): Result<number[]> {
  const out: number[] = [];
  // croner enumerates strictly after a whole second; start a second early so a run at fromMs counts.
  for (const d of schedule.enumerate(new Date(fromMs - 1000))) {
    const t = d.getTime();
    if (t >= toMs) break;
    if (t < fromMs) continue;
    if (out.length >= cap)
      return fail(
        'InvalidInput',
        `the schedule runs more than ${cap.toLocaleString('en-US')} times in the period; choose a shorter --period`,
        { field: 'period' },
      );
    out.push(t);
  }
  return ok(out);
}

/** Scheduled times at or after fromMs, in order, for as long as `keep` holds (at most `cap`). */
export function runsForwardWhile(
  schedule: Cron,
  fromMs: number,
  keep: (t: number) => boolean,
  cap = MAX_RUNS,
): Result<number[]> {
  const out: number[] = [];
  for (const d of schedule.enumerate(new Date(fromMs - 1000))) {
    const t = d.getTime();
    if (t < fromMs) continue;
    if (!keep(t)) break;
    if (out.length >= cap)
      return fail(
        'InvalidInput',
        `the schedule runs more than ${cap.toLocaleString('en-US')} times in one budget period; estimate with a budget over a shorter period`,
        { field: 'period' },
      );
    out.push(t);
  }
  return ok(out);
}

/** Scheduled times strictly before beforeMs, newest first, for as long as `keep` holds (at most `cap`). */
export function runsBackWhile(
  schedule: Cron,
  beforeMs: number,
  keep: (t: number) => boolean,
  cap = MAX_RUNS,
): Result<number[]> {
  const out: number[] = [];
  let ref = beforeMs;
  for (;;) {
    const batch = schedule.previousRuns(64, new Date(ref));
    let last = ref;
    for (const d of batch) {
      const t = d.getTime();
      if (t >= last) continue;
      if (!keep(t)) return ok(out);
      if (out.length >= cap)
        return fail(
          'InvalidInput',
          `the schedule runs more than ${cap.toLocaleString('en-US')} times in one budget period; estimate with a budget over a shorter period`,
          { field: 'period' },
        );
      out.push(t);
      last = t;
    }
    if (batch.length < 64 || last === ref) return ok(out);
    ref = last;
  }
}

/** The first scheduled time at or after fromMs, or undefined when the schedule never runs. */
export function nextScheduled(schedule: Cron, fromMs: number): number | undefined {
  for (const d of schedule.enumerate(new Date(fromMs - 1000))) {
    const t = d.getTime();
    if (t >= fromMs) return t;
  }
  return undefined;
}

/** Local calendar fields of an instant in a time zone. */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
  /** 1 = Monday ... 7 = Sunday */
  isoWeekday: number;
  hour: number;
  minute: number;
  zoneName: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** The local date and time of an instant in an IANA time zone. */
export function localDate(ms: number, timezone: string): LocalDate {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    formatters.set(timezone, f);
  }
  const parts: Record<string, string> = {};
  for (const p of f.formatToParts(new Date(ms))) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    isoWeekday: WEEKDAYS[parts.weekday!] ?? 1,
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    zoneName: parts.timeZoneName ?? timezone,
  };
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** "2026-11-30 20:00 EST" */
export function localText(ms: number, timezone: string): string {
  const l = localDate(ms, timezone);
  return `${l.year}-${pad(l.month)}-${pad(l.day)} ${pad(l.hour)}:${pad(l.minute)} ${l.zoneName}`;
}

export type BudgetPeriod = 'run' | 'day' | 'week' | 'month' | 'year';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** The calendar period (in the campaign's time zone) an instant falls in: a sortable key and a label. ISO weeks start on Monday. */
export function calendarPeriod(
  ms: number,
  period: Exclude<BudgetPeriod, 'run'>,
  timezone: string,
): { key: string; label: string } {
  const l = localDate(ms, timezone);
  if (period === 'year') return { key: `${l.year}`, label: `${l.year}` };
  if (period === 'month') return { key: `${l.year}-${pad(l.month)}`, label: `${MONTHS[l.month - 1]} ${l.year}` };
  if (period === 'day')
    return { key: `${l.year}-${pad(l.month)}-${pad(l.day)}`, label: `${l.year}-${pad(l.month)}-${pad(l.day)}` };
  // ISO week: the week (Monday to Sunday) belongs to the year of its Thursday.
  const dayMs = Date.UTC(l.year, l.month - 1, l.day);
  const monday = dayMs - (l.isoWeekday - 1) * DAY_MS;
  const thursday = new Date(monday + 3 * DAY_MS);
  const isoYear = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(isoYear, 0, 1)) / (7 * DAY_MS)) + 1;
  const m = new Date(monday);
  return {
    key: `${isoYear}-W${pad(week)}`,
    label: `week of ${m.getUTCFullYear()}-${pad(m.getUTCMonth() + 1)}-${pad(m.getUTCDate())} (${isoYear}-W${pad(week)})`,
  };
}
