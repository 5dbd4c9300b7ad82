// Months as the API writes them ('YYYY-MM') and as the roll-ups key them (yyyymm numbers), in Asia/Shanghai.
import { shanghaiDate } from './deadline-calendar';

/** 'YYYY-MM' (or a YYYY-MM-DD date) → yyyymm. */
export const monthNumber = (text: string): number => Number(text.slice(0, 4)) * 100 + Number(text.slice(5, 7));

/** yyyymm → 'YYYY-MM'. */
export const monthText = (month: number): string =>
  `${Math.floor(month / 100)}-${String(month % 100).padStart(2, '0')}`;

/** The Shanghai month of an instant as yyyymm. */
export const monthOf = (at: Date): number => monthNumber(shanghaiDate(at));
