// The raw data of chinese-days, not its functions: those read weekdays in the process's time zone and shift by a
// day west of UTC; the data is keyed by plain calendar dates.
import chineseDays from 'chinese-days/dist/chinese-days.json';

/**
 * How long someone has to act: a number of working days in Asia/Shanghai (`3wd`), or for drills and tests a plain
 * duration (`90s`, `15m`, `4h`). Working days skip weekends and the State Council's public holidays and count its
 * make-up working days (调休), from the chinese-days data package, and over it the days administrators maintain
 * (Guangxi's 壮族三月三 and its make-up days, or a national year the package does not list yet: the calendar module,
 * docs/architecture.md "Working days"). A year neither lists counts weekdays.
 */
export type DeadlineSpec = { kind: 'working_days'; days: number } | { kind: 'duration'; ms: number };

export interface DeadlinePlan {
  /** When the responsible users are reminded. */
  remindAt: Date;
  /** When the record turns overdue. */
  dueAt: Date;
}

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;
const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000 } as const;
/** Reminders for working-day deadlines go out at 09:00 on the last day. */
const REMINDER_HOUR = 9;
/** Beyond this a working-day count is a typo, and counting it would walk years of calendar. */
export const MAX_WORKING_DAYS = 60;

export const DEADLINE_SPEC_PATTERN = /^([1-9]\d{0,5})(wd|s|m|h)$/;

export function parseDeadlineSpec(text: string): DeadlineSpec {
  const match = DEADLINE_SPEC_PATTERN.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a deadline such as 3wd (working days), 90s, 15m or 4h`);
  const amount = Number(match[1]);
  if (match[2] === 'wd') {
    if (amount > MAX_WORKING_DAYS) throw new Error(`"${text}" is more than ${MAX_WORKING_DAYS} working days`);
    return { kind: 'working_days', days: amount };
  }
  return { kind: 'duration', ms: amount * UNIT_MS[match[2] as keyof typeof UNIT_MS] };
}

/** The Shanghai calendar date of an instant, as YYYY-MM-DD. */
export function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a Shanghai calendar date begins, plus `hours` (fractions for minutes). */
export function shanghaiTime(date: string, hours = 0): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - SHANGHAI_OFFSET_MS + hours * 3600 * 1000);
}

function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

function previousDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);
}

/** The first working day on or after a Shanghai date. */
export function workingDayOnOrAfter(date: string): string {
  let day = date;
  while (!isWorkingDay(day)) day = nextDate(day);
  return day;
}

/** The last working day before a Shanghai date. */
export function previousWorkingDay(date: string): string {
  let day = previousDate(date);
  while (!isWorkingDay(day)) day = previousDate(day);
  return day;
}

const PUBLIC_HOLIDAYS: Record<string, string> = chineseDays.holidays;
const MAKE_UP_WORKING_DAYS: Record<string, string> = chineseDays.workdays;

/** A maintained day: a day off (holiday) or a make-up working day (workday, 调休). */
export const CALENDAR_DAY_KINDS = ['holiday', 'workday'] as const;
export type CalendarDayKind = (typeof CALENDAR_DAY_KINDS)[number];

/** The maintained days by date; replaced whole by the calendar module when they change. */
let maintainedDays = new Map<string, { working: boolean; name: string }>();

/** Lays the administrators' days over the national calendar in this process (CalendarService loads them). */
export function useMaintainedDays(days: Iterable<{ date: string; kind: CalendarDayKind; name: string }>): void {
  maintainedDays = new Map([...days].map((day) => [day.date, { working: day.kind === 'workday', name: day.name }]));
  idleSinceCache.clear();
}

/** Whether the chinese-days package lists the State Council's holidays of a year. */
export function nationalCalendarHas(year: number): boolean {
  return Object.keys(PUBLIC_HOLIDAYS).some((date) => date.startsWith(`${year}-`));
}

/** The package's name of a national holiday or make-up day (元旦, 春节…), or null. */
export function nationalDayName(date: string): string | null {
  const entry = PUBLIC_HOLIDAYS[date] ?? MAKE_UP_WORKING_DAYS[date];
  return entry ? entry.split(',')[1] : null;
}

/** Why a date is not a working day (壮族三月三, 春节, 周末), or null when it is one. */
export function dayOffName(date: string): string | null {
  if (isWorkingDay(date)) return null;
  return maintainedDays.get(date)?.name ?? nationalDayName(date) ?? '周末';
}

/** Whether a Shanghai calendar date (YYYY-MM-DD) is a working day, whatever the server's time zone. */
export function isWorkingDay(date: string): boolean {
  const maintained = maintainedDays.get(date);
  if (maintained !== undefined) return maintained.working;
  if (MAKE_UP_WORKING_DAYS[date]) return true;
  if (PUBLIC_HOLIDAYS[date]) return false;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * The deadline `spec` sets for something that started at `from`. Working days are counted from the day after
 * `from` and the deadline is the end (24:00) of the last one, so "1 working day" sent on a Friday afternoon is due
 * at the end of Monday (or of the first working day after a holiday). A start exactly at midnight belongs to the
 * day before, so chaining deadlines (overdue, then one more period) never skips a day.
 */
export function planDeadline(from: Date, spec: DeadlineSpec): DeadlinePlan {
  if (spec.kind === 'duration') {
    return { remindAt: new Date(from.getTime() + spec.ms / 2), dueAt: new Date(from.getTime() + spec.ms) };
  }
  let date = shanghaiDate(new Date(from.getTime() - 1));
  let counted = 0;
  while (counted < spec.days) {
    date = nextDate(date);
    if (isWorkingDay(date)) counted += 1;
  }
  const dueAt = shanghaiTime(nextDate(date));
  const morning = shanghaiTime(date, REMINDER_HOUR);
  // A reminder that would come before the start (a deadline set late at night for the next morning) comes halfway.
  const remindAt =
    morning.getTime() > from.getTime() ? morning : new Date(from.getTime() + (dueAt.getTime() - from.getTime()) / 2);
  return { remindAt, dueAt };
}

/** idleSince answers by (today, days): a page of leads asks the same few counts many times. */
const idleSinceCache = new Map<string, Date>();

/**
 * The instant before which something last touched has gone `days` whole working days untouched by `now`: the start
 * of the `days`-th working day counted back from yesterday (Asia/Shanghai). Activity on day A is idle `days`
 * working days on day T when that many working days lie strictly between A and T, the inverse of planDeadline: the
 * stall rules' yellow, red and drop lights (docs/domain.md "Stall rules").
 */
export function idleSince(now: Date, days: number): Date {
  const today = shanghaiDate(now);
  const key = `${today}:${days}`;
  let since = idleSinceCache.get(key);
  if (!since) {
    let date = today;
    for (let counted = 0; counted < days;) {
      date = previousDate(date);
      if (isWorkingDay(date)) counted += 1;
    }
    since = shanghaiTime(date);
    if (idleSinceCache.size > 1000) idleSinceCache.clear();
    idleSinceCache.set(key, since);
  }
  return since;
}

export function describeDeadlineSpec(spec: DeadlineSpec): string {
  return spec.kind === 'working_days' ? `${spec.days} working day(s)` : `${spec.ms / 1000} s`;
}

/** The deadlines the linkage rules set, read from the configuration once. */
export interface DeadlineRules {
  dispatchAccept: DeadlineSpec;
  escalationAnswer: DeadlineSpec;
  chamberFeedback: DeadlineSpec;
  signingConfirm: DeadlineSpec;
}

export function deadlineRulesOf(config: {
  dispatchAccept: string;
  escalationAnswer: string;
  chamberFeedback: string;
  signingConfirm: string;
}): DeadlineRules {
  return Object.freeze({
    dispatchAccept: parseDeadlineSpec(config.dispatchAccept),
    escalationAnswer: parseDeadlineSpec(config.escalationAnswer),
    chamberFeedback: parseDeadlineSpec(config.chamberFeedback),
    signingConfirm: parseDeadlineSpec(config.signingConfirm),
  });
}

const SHANGHAI_TIME = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** A time as users read it: Beijing time. */
export function shanghaiText(at: Date): string {
  return SHANGHAI_TIME.format(at);
}
