import { isWorkingDay, parseDeadlineSpec, planDeadline, shanghaiDate, useMaintainedDays } from './deadline-calendar';

const at = (iso: string) => new Date(iso);

describe('deadline calendar', () => {
  it('parses working days and plain durations, refusing anything else', () => {
    expect(parseDeadlineSpec('3wd')).toEqual({ kind: 'working_days', days: 3 });
    expect(parseDeadlineSpec('90s')).toEqual({ kind: 'duration', ms: 90_000 });
    expect(parseDeadlineSpec('15m')).toEqual({ kind: 'duration', ms: 900_000 });
    expect(parseDeadlineSpec('4h')).toEqual({ kind: 'duration', ms: 14_400_000 });
    for (const bad of ['0wd', '3', '3d', '-1wd', 'wd', '61wd', '1.5wd']) expect(() => parseDeadlineSpec(bad)).toThrow();
  });

  it('reads dates in Asia/Shanghai', () => {
    expect(shanghaiDate(at('2026-11-26T16:30:00Z'))).toBe('2026-11-27');
    expect(shanghaiDate(at('2026-11-26T15:59:59Z'))).toBe('2026-11-26');
  });

  it('knows the 2026 National Day holiday and its make-up working days', () => {
    expect(isWorkingDay('2026-10-01')).toBe(false);
    expect(isWorkingDay('2026-10-07')).toBe(false);
    expect(isWorkingDay('2026-10-08')).toBe(true);
    expect(isWorkingDay('2026-09-20')).toBe(true); // a Sunday worked in lieu
    expect(isWorkingDay('2026-11-28')).toBe(false); // an ordinary Saturday
  });

  it('gives one working day to the end of the next working day, reminding at 09:00 that day', () => {
    // Tuesday 2026-11-24 10:00 Shanghai
    const plan = planDeadline(at('2026-11-24T02:00:00Z'), { kind: 'working_days', days: 1 });
    expect(plan.dueAt.toISOString()).toBe('2026-11-25T16:00:00.000Z'); // end of Wednesday
    expect(plan.remindAt.toISOString()).toBe('2026-11-25T01:00:00.000Z'); // Wednesday 09:00
  });

  it('skips the weekend: sent on a Friday afternoon, one working day is due at the end of Monday', () => {
    const plan = planDeadline(at('2026-11-27T08:00:00Z'), { kind: 'working_days', days: 1 });
    expect(plan.dueAt.toISOString()).toBe('2026-11-30T16:00:00.000Z');
  });

  it('skips public holidays: three working days from 30 September end on 10 October (a make-up Saturday)', () => {
    const plan = planDeadline(at('2026-09-30T02:00:00Z'), { kind: 'working_days', days: 3 });
    // 10-08 Thu, 10-09 Fri, 10-10 Sat worked in lieu
    expect(plan.dueAt.toISOString()).toBe('2026-10-10T16:00:00.000Z');
  });

  it('chains without skipping a day: one more working day after a deadline is the next working day', () => {
    const first = planDeadline(at('2026-11-24T02:00:00Z'), { kind: 'working_days', days: 1 });
    const second = planDeadline(first.dueAt, { kind: 'working_days', days: 1 });
    expect(second.dueAt.toISOString()).toBe('2026-11-26T16:00:00.000Z'); // end of Thursday
  });

  it('reminds halfway when the morning of the last day has already begun', () => {
    // Tuesday 23:30 Shanghai, one working day: the reminder at Wednesday 09:00 is still ahead
    const late = planDeadline(at('2026-11-24T15:30:00Z'), { kind: 'working_days', days: 1 });
    expect(late.remindAt.toISOString()).toBe('2026-11-25T01:00:00.000Z');
    // a plain duration reminds halfway
    const drill = planDeadline(at('2026-11-24T00:00:00Z'), { kind: 'duration', ms: 10_000 });
    expect(drill.remindAt.toISOString()).toBe('2026-11-24T00:00:05.000Z');
    expect(drill.dueAt.toISOString()).toBe('2026-11-24T00:00:10.000Z');
  });

  it('lays the maintained days over the national calendar: 三月三 2027 off, a make-up Sunday worked', () => {
    try {
      // Thursday 8 April 2027, three working days: Friday 9 and Monday 12 off (三月三 and the day in lieu), so
      // Tuesday, Wednesday, Thursday; with Sunday 11 worked in lieu, Sunday, Tuesday, Wednesday.
      const from = at('2027-04-08T02:00:00Z');
      expect(planDeadline(from, { kind: 'working_days', days: 3 }).dueAt.toISOString()).toBe(
        '2027-04-13T16:00:00.000Z',
      );
      useMaintainedDays([
        { date: '2027-04-09', kind: 'holiday', name: '壮族三月三' },
        { date: '2027-04-12', kind: 'holiday', name: '壮族三月三' },
      ]);
      expect(isWorkingDay('2027-04-09')).toBe(false);
      expect(planDeadline(from, { kind: 'working_days', days: 3 }).dueAt.toISOString()).toBe(
        '2027-04-15T16:00:00.000Z',
      );
      useMaintainedDays([
        { date: '2027-04-09', kind: 'holiday', name: '壮族三月三' },
        { date: '2027-04-12', kind: 'holiday', name: '壮族三月三' },
        { date: '2027-04-11', kind: 'workday', name: '壮族三月三调休' },
      ]);
      expect(planDeadline(from, { kind: 'working_days', days: 3 }).dueAt.toISOString()).toBe(
        '2027-04-14T16:00:00.000Z',
      );
    } finally {
      useMaintainedDays([]);
    }
  });
});
