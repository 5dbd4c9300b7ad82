import { validateSync } from 'class-validator';
import { hasAtMostDecimals, IsCalendarDate, IsIsoDateTime } from './validators';

class Probe {
  @IsIsoDateTime()
  at: string;
}

const check = (at: string) => {
  const probe = Object.assign(new Probe(), { at });
  return validateSync(probe).length === 0;
};

describe('IsIsoDateTime', () => {
  it.each([
    '2026-03-01T09:00:00+08:00',
    '2026-03-01T01:00:00Z',
    '2026-03-01T09:00+08:00',
    '2026-12-31T23:59:59.999-05:00',
    '2024-02-29T00:00:00+08:00',
  ])('accepts %s', (at) => expect(check(at)).toBe(true));

  it.each([
    '2026-03-01',
    '20260301',
    '2026-W01',
    '2026-03-01T09:00:00',
    '2026-02-30T09:00:00+08:00',
    '2026-13-01T00:00:00Z',
    'yesterday',
    '9999-12-31T23:59:00-08:00',
    '0000-01-01T07:59:00+08:00',
  ])('rejects %s', (at) => expect(check(at)).toBe(false));
});

describe('hasAtMostDecimals', () => {
  it('counts decimals without failing on tiny numbers', () => {
    expect(hasAtMostDecimals(12.3456, 4)).toBe(true);
    expect(hasAtMostDecimals(0.1 + 0.2, 4)).toBe(true);
    expect(hasAtMostDecimals(12.34567, 4)).toBe(false);
    expect(hasAtMostDecimals(1e-7, 4)).toBe(false);
    expect(hasAtMostDecimals(-1e-7, 2)).toBe(false);
    expect(hasAtMostDecimals(Number.NaN, 2)).toBe(false);
  });
});

class DateProbe {
  @IsCalendarDate()
  on: string;
}

describe('IsCalendarDate', () => {
  it.each([
    ['2026-03-01', true],
    ['2024-02-29', true],
    ['2026-02-30', false],
    ['2026-13-01', false],
    ['2026-3-1', false],
    ['x', false],
  ])('%s → %s', (on, ok) => {
    expect(validateSync(Object.assign(new DateProbe(), { on })).length === 0).toBe(ok);
  });
});
