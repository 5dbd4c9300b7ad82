// What a target counts (docs/domain.md "Targets"): shared by the API and the web app's target editor.
import { LEAD_CATEGORIES, type LeadCategory } from './lead.constants';

/** The project set a target is about: every project ('all'), or one of the plan's categories. */
export const TARGET_CATEGORIES = ['all', ...LEAD_CATEGORIES] as const;
export type TargetCategory = 'all' | LeadCategory;

/**
 * What a target measures, in the year it is set for. Starts and signings are the projects that reached the stage in
 * the year; `under_construction` the projects building at any time in the year (started before its end, not yet in
 * production nor dropped at its start); `investment_completed` the 完成投资 recorded for the year's months;
 * `funds_in_place` the 到资 received in the year.
 */
export const TARGET_MEASURES = [
  'signings',
  'construction_starts',
  'production_starts',
  'under_construction',
  'investment_completed',
  'funds_in_place',
] as const;
export type TargetMeasure = (typeof TARGET_MEASURES)[number];

export const TARGET_MEASURE_NAMES: Record<TargetMeasure, string> = {
  signings: '签约',
  construction_starts: '开工',
  production_starts: '投产',
  under_construction: '在建（含续建）',
  investment_completed: '完成投资',
  funds_in_place: '到位资金',
};

/** Measures that are an amount only (亿元): a target of them has no project count. */
export const AMOUNT_ONLY_MEASURES: ReadonlySet<TargetMeasure> = new Set(['investment_completed', 'funds_in_place']);

/**
 * The measure a category's target means when none is named: the plan's 5个50 are construction-progress targets
 * (推进项目建设), 续建 projects are counted while they build, 年内开工 / 年内投产 by their starts, the rest by signings.
 */
export const DEFAULT_TARGET_MEASURE: Record<TargetCategory, TargetMeasure> = {
  all: 'signings',
  five50_double_hundred: 'under_construction',
  five50_top500: 'under_construction',
  five50_emerging: 'under_construction',
  five50_light_industry: 'under_construction',
  five50_standard_factory: 'under_construction',
  sbsx_production: 'production_starts',
  sbsx_construction: 'construction_starts',
  sbsx_continuing: 'under_construction',
  sbsx_planning: 'signings',
};
