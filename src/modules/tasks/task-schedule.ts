import { RRule } from 'rrule';
import { previousWorkingDay, shanghaiDate, shanghaiTime } from '../../core/common/deadline-calendar';

const REMINDER_HOUR = 9;
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
    options = RRule.parseString(text.replace(/^RRULE:/i, ''));
  } catch {
    return 'is not an RRULE such as FREQ=MONTHLY;BYMONTHDAY=1';
  }
  if (options.freq === undefined) return 'needs FREQ (DAILY, WEEKLY, MONTHLY or YEARLY)';
  if (!ALLOWED_FREQUENCIES.has(options.freq)) return 'may repeat DAILY, WEEKLY, MONTHLY or YEARLY';
  if (options.dtstart) return 'must not carry DTSTART: the task’s due time starts it';
  return null;
}

/** The next occurrence after `dueAt` of a task that repeats by `text` from `dueAt`, or null when it has ended. */
export function nextOccurrence(text: string, dueAt: Date): Date | null {
  const rule = new RRule({ ...RRule.parseString(text.replace(/^RRULE:/i, '')), dtstart: dueAt });
  return rule.after(dueAt, false);
}
