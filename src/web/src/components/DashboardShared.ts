// Types and small helpers shared by the 驾驶舱 (dashboard) panels.
import { ApiError } from '../api/client';

/** The filters every analytics panel sends (AnalyticsFilterDto); empty values are left out by the client. */
export interface AnalyticsQuery {
  regionCode: string;
  from: string;
  to: string;
  clusterCode?: string;
  sourceKind?: string;
  ownership?: string;
}

/** The measures of a trend point or breakdown row (MeasuresDto). */

/** "2026-03" → "2026年3月", "2026Q1" → "2026年一季度". */
export function periodLabel(period: string): string {
  const quarter = /^(\d{4})Q([1-4])$/.exec(period);
  if (quarter) return `${quarter[1]}年${'一二三四'[Number(quarter[2]) - 1]}季度`;
  const month = /^(\d{4})-(\d{2})$/.exec(period);
  return month ? `${month[1]}年${Number(month[2])}月` : period;
}

/** Days to the next stage: the API's histogram bound, 731 meaning over two years. */
export function formatDays(days: number | null | undefined): string {
  if (days === null || days === undefined) return '—';
  return days >= 731 ? '超过2年' : `${days} 天`;
}

/** Amount in 亿元 for chart labels (no unit: the axis names it). */
export function amountValue(value: number): number {
  return Math.round(value * 100) / 100;
}

/**
 * A unit outside the caller's jurisdiction: the analytics routes answer 400 with regionCode notPermitted (a 403 or
 * 404 is treated alike). The page then shows a result instead of empty panels.
 */
export function isOutOfReach(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  if (error.status === 403 || error.status === 404) return true;
  return error.details.some(
    (detail) =>
      detail.field === 'regionCode' && ['notPermitted', 'notFound', 'isGuangxiUnit'].includes(detail.constraint ?? ''),
  );
}

/** Chart colours, in the Element Plus palette. */
export const COLORS = ['#409eff', '#67c23a', '#e6a23c', '#f56c6c', '#909399', '#7b61ff', '#13c2c2'];
