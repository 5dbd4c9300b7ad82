import { defaultRemindAt, nextOccurrence, recurrenceProblem } from './task-schedule';

describe('task schedule', () => {
  it('reminds at 09:00 Shanghai on the working day before the due day', () => {
    // Due Tuesday 2026-11-24 15:00 Shanghai: reminded Monday 09:00
    expect(defaultRemindAt(new Date('2026-11-24T07:00:00Z')).toISOString()).toBe('2026-11-23T01:00:00.000Z');
    // Due Monday: reminded the Friday before
    expect(defaultRemindAt(new Date('2026-11-30T02:00:00Z')).toISOString()).toBe('2026-11-27T01:00:00.000Z');
    // Due 2026-10-08 (after the National Day holiday): reminded on 2026-09-30
    expect(defaultRemindAt(new Date('2026-10-08T02:00:00Z')).toISOString()).toBe('2026-09-30T01:00:00.000Z');
  });

  it('accepts daily to yearly RRULEs and explains what it refuses', () => {
    expect(recurrenceProblem('FREQ=MONTHLY;BYMONTHDAY=1')).toBeNull();
    expect(recurrenceProblem('RRULE:FREQ=WEEKLY;BYDAY=MO')).toBeNull();
    expect(recurrenceProblem('FREQ=MINUTELY')).toMatch(/DAILY, WEEKLY/);
    expect(recurrenceProblem('BYDAY=MO')).toMatch(/needs FREQ/);
    expect(recurrenceProblem('every month')).toMatch(/not an RRULE/);
    expect(recurrenceProblem('FREQ=DAILY;INTERVAL=-1')).toMatch(/INTERVAL/);
    expect(recurrenceProblem('FREQ=WEEKLY;COUNT=3')).toMatch(/UNTIL/);
    expect(recurrenceProblem('FREQ=MONTHLY;UNTIL=20271231T000000Z')).toBeNull();
  });

  it('repeats on Beijing dates: the 1st of each month stays the 1st for a task due at 08:00 Beijing time', () => {
    // 2026-03-01 00:00 Beijing is 2026-02-28 16:00 UTC
    const due = new Date('2026-02-28T16:00:00Z');
    expect(nextOccurrence('FREQ=MONTHLY;BYMONTHDAY=1', due)?.toISOString()).toBe('2026-03-31T16:00:00.000Z');
    // Monday 07:00 Beijing is Sunday 23:00 UTC: weekly on Mondays stays on Mondays
    expect(nextOccurrence('FREQ=WEEKLY;BYDAY=MO', new Date('2026-11-29T23:00:00Z'))?.toISOString()).toBe(
      '2026-12-06T23:00:00.000Z',
    );
  });

  it('finds the next occurrence, and none after the rule ends', () => {
    const due = new Date('2026-11-01T02:00:00Z');
    expect(nextOccurrence('FREQ=MONTHLY', due)?.toISOString()).toBe('2026-12-01T02:00:00.000Z');
    expect(nextOccurrence('FREQ=WEEKLY;UNTIL=20261105T000000Z', due)).toBeNull();
  });
});
