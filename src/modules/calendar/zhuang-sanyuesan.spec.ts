import { sanyuesanDates } from './zhuang-sanyuesan';

describe('壮族三月三', () => {
  it('falls on the 3rd and 4th of the third lunar month', () => {
    expect(sanyuesanDates(2024)).toEqual(['2024-04-11', '2024-04-12']);
    expect(sanyuesanDates(2025)).toEqual(['2025-03-31', '2025-04-01']);
    expect(sanyuesanDates(2026)).toEqual(['2026-04-19', '2026-04-20']);
    expect(sanyuesanDates(2027)).toEqual(['2027-04-09', '2027-04-10']);
  });
});
