import { COMPANY_FLAG_NAMES, OWNERSHIP_NAMES } from '../../shared/company.constants';
import { LEAD_CATEGORY_NAMES, SOURCE_KIND_NAMES } from '../../shared/lead.constants';

/**
 * The columns of the lead import file: Chinese headers as officers know them, each feeding one field. Lookups
 * accept either the Chinese name or the API code, so a filled template and an export both read back.
 */
export const LEAD_IMPORT_COLUMNS = {
  companyName: '企业名称',
  creditCode: '统一社会信用代码',
  ownership: '企业性质',
  originRegionCode: '企业来源地代码',
  companyFlags: '企业标签',
  title: '项目名称',
  clusterCode: '产业集群',
  segmentCode: '产业链环节代码',
  expectedInvestment: '预计投资额(亿元)',
  landNeedMu: '用地需求(亩)',
  factoryNeedSqm: '厂房需求(平方米)',
  sourceKind: '线索来源',
  chamberName: '引荐商会',
  sourceNote: '来源说明',
  categories: '项目类别',
  nextFollowUpAt: '下次跟进时间',
} as const;
export type LeadImportField = keyof typeof LEAD_IMPORT_COLUMNS;

export const REQUIRED_IMPORT_COLUMNS: readonly LeadImportField[] = [
  'companyName',
  'ownership',
  'title',
  'clusterCode',
  'sourceKind',
];

/** The headers in template order, required ones marked with * in the template only. */
export const IMPORT_HEADERS = Object.values(LEAD_IMPORT_COLUMNS);

export const LEAD_IMPORT_EXAMPLE: Record<LeadImportField, string> = {
  companyName: '深圳市示例电子有限公司',
  creditCode: '91350100M000100Y43',
  ownership: '民企',
  originRegionCode: '440300',
  companyFlags: '行业龙头',
  title: '年产100万台智能终端项目',
  clusterCode: '电子信息',
  segmentCode: 'electronics.smart_terminals',
  expectedInvestment: '20',
  landNeedMu: '300',
  factoryNeedSqm: '50000',
  sourceKind: '商会/协会',
  chamberName: '深圳市广西商会',
  sourceNote: '商会推荐',
  categories: '5个50·500强项目、双百双新·计划年内开工',
  nextFollowUpAt: '2026-12-01T09:00:00+08:00',
};

/** A lookup from Chinese names and codes to codes. */
function lookup<C extends string>(names: Record<C, string>): (text: string) => C | undefined {
  const table = new Map<string, C>();
  for (const [code, name] of Object.entries(names) as Array<[C, string]>) {
    table.set(code.toLowerCase(), code);
    table.set(name, code);
  }
  return (text) => table.get(text.trim()) ?? table.get(text.trim().toLowerCase());
}

export const ownershipOf = lookup(OWNERSHIP_NAMES);
export const sourceKindOf = lookup(SOURCE_KIND_NAMES);
export const categoryOf = lookup(LEAD_CATEGORY_NAMES);
export const companyFlagOf = lookup(COMPANY_FLAG_NAMES);

/** Splits a cell listing several values (、 , ， ; ；). */
export const splitList = (text: string): string[] =>
  text
    .split(/[、,，;；]/)
    .map((part) => part.trim())
    .filter(Boolean);
