import { RRule } from 'rrule';
import { previousWorkingDay, shanghaiDate, shanghaiTime } from '../../core/common/deadline-calendar';

const REMINDER_HOUR = 9;
/** China keeps one offset all year: recurrences are computed on Beijing wall-clock time, shifted into UTC. */
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;
/** Recurrences people use for follow-ups; finer ones would be noise (and a flood of reminders). */
const ALLOWED_FREQUENCIES = new Set([RRule.DAILY, RRule.WEEKLY, RRule.MONTHLY, RRule.YEARLY]);

/** The default reminder: 09:00 Asia/Shanghai on the working day before the day a task is due. */
export function defaultRemindAt(dueAt: Date): Date {
  return shanghaiTime(previousWorkingDay(shanghaiDate(dueAt)), REMINDER_HOUR);
}

/** Checks an RRULE (FREQ=MONTHLY;BYMONTHDAY=1); returns an error message, or null when it is fine. */
export function recurrenceProblem(text: string): string | null {
  let options: ReturnType<typeof RRule.parseString>;
  try {
    options = RRule.parseString(stripPrefix(text));
  } catch {
    return 'is not an RRULE such as FREQ=MONTHLY;BYMONTHDAY=1';
  }
  if (options.freq === undefined) return 'needs FREQ (DAILY, WEEKLY, MONTHLY or YEARLY)';
  if (!ALLOWED_FREQUENCIES.has(options.freq)) return 'may repeat DAILY, WEEKLY, MONTHLY or YEARLY';
  if (options.dtstart) return 'must not carry DTSTART: the task’s due time starts it';
  // Each occurrence is a new task counting from its own due time, so COUNT would never end: UNTIL does.
  if (options.count !== undefined && options.count !== null) return 'must end with UNTIL, not COUNT';
  if (
    options.interval !== undefined &&
    (!Number.isInteger(options.interval) || options.interval < 1 || options.interval > 1000)
  ) {
    return 'needs INTERVAL between 1 and 1000';
  }
  try {
    if (!nextOccurrence(text, new Date())) return `has no occurrence in the next ${HORIZON_YEARS} years`;
  } catch {
    return 'is not an RRULE this calendar can follow (check BYDAY, BYMONTHDAY, BYSETPOS)';
  }
  return null;
}

/**
 * The next occurrence after `dueAt` of a task that repeats by `text` from `dueAt`, or null when it has ended.
 * Computed on Beijing wall-clock time, so "the 1st of each month at 08:00" stays the 1st in Guangxi.
 */
export function nextOccurrence(text: string, dueAt: Date): Date | null {
  const floating = new Date(dueAt.getTime() + SHANGHAI_OFFSET_MS);
  const rule = new RRule({ ...RRule.parseString(stripPrefix(text)), dtstart: floating, tzid: null });
  // Searched within a bounded window and stopped at the first hit: an impossible rule (30 February) costs little.
  const horizon = new Date(floating.getTime() + HORIZON_YEARS * 366 * 24 * 3600 * 1000);
  const [next] = rule.between(floating, horizon, false, (_date, index) => index < 1);
  return next ? new Date(next.getTime() - SHANGHAI_OFFSET_MS) : null;
}

/** A recurrence with no occurrence within this many years has ended. */
const HORIZON_YEARS = 5;
const stripPrefix = (text: string): string => text.trim().replace(/^RRULE:/i, '');
