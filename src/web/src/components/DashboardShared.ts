// Types and small helpers shared by the 驾驶舱 (dashboard) panels.
import { ApiError } from '../api/client';
import type { BreakdownItem, BulletinRow } from '../api/types';

/** The filters every analytics panel sends (AnalyticsFilterDto); empty values are left out by the client. */
export interface AnalyticsQuery {
  regionCode: string;
  from: string;
  to: string;
  clusterCode?: string;
  sourceKind?: string;
  ownership?: string;
}

/** A figure of a breakdown row (分地区) or a bulletin row (季度通报) that a table shows as a column. */
export type MetricKey = Exclude<keyof BreakdownItem | keyof BulletinRow, 'key' | 'name' | 'rank'>;

/**
 * A figure's column: counts as they are (`dash`: '—' when there is none), amounts in 亿元, ratios as percentages.
 * Each table names its figures in its own order (DashboardMetricColumns renders them).
 */
export interface MetricColumn {
  label: string;
  width: number;
  format?: 'amount' | 'percent' | 'dash';
}
export const METRIC_COLUMNS: Record<MetricKey, MetricColumn> = {
  newLeads: { label: '新增线索', width: 80 },
  visits: { label: '走访', width: 60 },
  signedCount: { label: '签约项目', width: 80 },
  signedAmount: { label: '签约金额', width: 110, format: 'amount' },
  signedPendingCount: { label: '待确认签约', width: 90, format: 'dash' },
  signedPendingAmount: { label: '待确认金额', width: 110, format: 'amount' },
  constructionPendingCount: { label: '待确认开工', width: 90, format: 'dash' },
  productionPendingCount: { label: '待确认投产', width: 90, format: 'dash' },
  fundsReceived: { label: '到资金额', width: 110, format: 'amount' },
  investmentCompleted: { label: '完成投资', width: 110, format: 'amount' },
  constructionStarts: { label: '开工', width: 60 },
  productionStarts: { label: '投产', width: 60 },
  contactRate: { label: '接洽率', width: 75, format: 'percent' },
  siteVisitRate: { label: '考察率', width: 75, format: 'percent' },
  negotiationRate: { label: '洽谈率', width: 75, format: 'percent' },
  signingRate: { label: '签约率', width: 75, format: 'percent' },
  targetCount: { label: '年度签约目标', width: 100, format: 'dash' },
  yearSignedCount: { label: '年内已签约', width: 90, format: 'dash' },
  completionRatio: { label: '目标完成率', width: 90, format: 'percent' },
};

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
