import {
  addDays,
  formatAmount,
  formatDate,
  formatDateTime,
  formatPercent,
  shanghaiDate,
  shanghaiIso,
  shanghaiWallTime,
} from './format';

// Whatever the machine's zone, the web app shows and sends Asia/Shanghai times.
describe('web formatting', () => {
  it('shows instants in Shanghai time', () => {
    expect(formatDateTime('2026-03-01T16:30:00Z')).toBe('2026-03-02 00:30');
    expect(formatDate('2026-03-01T16:30:00Z')).toBe('2026-03-02');
    expect(shanghaiDate(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01');
    expect(formatDateTime(null)).toBe('—');
  });

  it('turns picker wall times into ISO 8601 with +08:00 and back', () => {
    expect(shanghaiIso('2026-03-01 09:00')).toBe('2026-03-01T09:00:00+08:00');
    expect(shanghaiIso('2026-03-01')).toBe('2026-03-01T09:00:00+08:00');
    expect(shanghaiWallTime('2026-03-01T01:00:00Z')).toBe('2026-03-01 09:00');
    expect(shanghaiWallTime(shanghaiIso('2026-07-15 23:59'))).toBe('2026-07-15 23:59');
  });

  it('moves calendar dates across months and years', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  });

  it('shows amounts in 亿元 and ratios as percentages', () => {
    expect(formatAmount(12.5)).toBe('12.50 亿元');
    expect(formatAmount(150)).toBe('150.0 亿元');
    expect(formatAmount(null)).toBe('—');
    expect(formatPercent(0.1234)).toBe('12.3%');
  });
});
