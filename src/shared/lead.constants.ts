export const SOURCE_KINDS = ['chamber', 'visit', 'government', 'exhibition', 'referral', 'inbound', 'other'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];
export const SOURCE_KIND_NAMES: Record<SourceKind, string> = {
  chamber: '商会/协会',
  visit: '驻点走访',
  government: '政府对接',
  exhibition: '展会',
  referral: '以商招商',
  inbound: '企业自荐',
  other: '其他',
};

/** The plan's project categories: the "5个50" and the "双百双新" programme (docs/domain.md "Pipeline stages"). */
export const LEAD_CATEGORIES = [
  'five50_double_hundred',
  'five50_top500',
  'five50_emerging',
  'five50_light_industry',
  'five50_standard_factory',
  'sbsx_production',
  'sbsx_construction',
  'sbsx_continuing',
  'sbsx_planning',
] as const;
export type LeadCategory = (typeof LEAD_CATEGORIES)[number];
export const LEAD_CATEGORY_NAMES: Record<LeadCategory, string> = {
  five50_double_hundred: '5个50·双百项目',
  five50_top500: '5个50·500强项目',
  five50_emerging: '5个50·新兴产业项目',
  five50_light_industry: '5个50·轻工产业项目',
  five50_standard_factory: '5个50·标准厂房项目',
  sbsx_production: '双百双新·计划年内投产',
  sbsx_construction: '双百双新·计划年内开工',
  sbsx_continuing: '双百双新·续建',
  sbsx_planning: '双百双新·策划及前期',
};

/** Where a month's 完成投资 figure comes from: the statistics return (统计月报) counts; the others until it arrives. */
export const INVESTMENT_SOURCES = ['statistics', 'company', 'site_check', 'other'] as const;
export type InvestmentSource = (typeof INVESTMENT_SOURCES)[number];
export const INVESTMENT_SOURCE_NAMES: Record<InvestmentSource, string> = {
  statistics: '统计月报',
  company: '企业报送',
  site_check: '现场核查',
  other: '其他',
};

/** What a lead's timeline holds; `?kind=` reads one of them (到资 reads only `funds`). */
export const TIMELINE_KINDS = ['stage', 'note', 'funds', 'visit', 'linkage'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];
