/**
 * 壮族三月三: the 3rd and 4th days of the third lunar month are Guangxi's statutory two-day holiday
 * (《广西壮族自治区各民族欢度传统节日规定》). The yearly notice may move days or add make-up working days; the
 * reference seeds write only these two, unconfirmed, and administrators confirm or adjust each year.
 */
const LUNAR = new Intl.DateTimeFormat('zh-u-ca-chinese', { month: 'long', day: 'numeric', timeZone: 'UTC' });
const DAY_MS = 86_400_000;

/** The Gregorian dates (YYYY-MM-DD) of 三月初三 and 三月初四 in `year`. */
export function sanyuesanDates(year: number): [string, string] {
  // The third lunar month always begins between mid-March and early May.
  for (let time = Date.UTC(year, 2, 10); time < Date.UTC(year, 4, 15); time += DAY_MS) {
    const parts = LUNAR.formatToParts(new Date(time));
    const month = parts.find((part) => part.type === 'month')?.value;
    const day = parts.find((part) => part.type === 'day')?.value;
    // A leap third month (闰三月) is named differently, so only the regular one matches.
    if (month === '三月' && day === '3') {
      return [new Date(time).toISOString().slice(0, 10), new Date(time + DAY_MS).toISOString().slice(0, 10)];
    }
  }
  throw new Error(`no third lunar month found in ${year}`);
}

export const SANYUESAN_NAME = '壮族三月三';
