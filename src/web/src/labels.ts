// Chinese names of the API's codes. The pure constant modules of the server are the one source of the domain's
// names; this file adds the ones that live beside database entities (which the browser cannot import).
export { PIPELINE, STAGES, STAGE_NAMES, REQUIRED_FIELDS } from '../../shared/lead-stages';
export type { Stage } from '../../shared/lead-stages';
export {
  SOURCE_KINDS,
  SOURCE_KIND_NAMES,
  LEAD_CATEGORIES,
  LEAD_CATEGORY_NAMES,
  INVESTMENT_SOURCES,
  INVESTMENT_SOURCE_NAMES,
} from '../../shared/lead.constants';
export {
  TARGET_MEASURES,
  TARGET_MEASURE_NAMES,
  AMOUNT_ONLY_MEASURES,
  DEFAULT_TARGET_MEASURE,
} from '../../shared/target-measures';
export type { TargetMeasure, TargetCategory } from '../../shared/target-measures';
export {
  OWNERSHIPS,
  OWNERSHIP_NAMES,
  COMPANY_FLAGS,
  COMPANY_FLAG_NAMES,
  CREDIT_CODE_OPTIONAL,
  COMPANY_RELATION_NAMES,
  COMPANY_ALIAS_KIND_NAMES,
  SIMILARITY_REASON_NAMES,
} from '../../shared/company.constants';
export { ESCALATION_NEEDS, ESCALATION_NEED_NAMES } from '../../shared/linkage.constants';
export { PROJECT_TIERS, PROJECT_TIER_NAMES, STALLING_STAGES } from '../../shared/stall-rules';
export {
  CLAIM_STATUS_NAMES,
  CLAIMED_STAGES,
  CONFIRMATION_REQUIREMENTS,
  CONFIRMATION_REQUIREMENT_NAMES,
} from '../../shared/signing-confirmation';

export const ROLE_NAMES: Record<string, string> = {
  admin: '系统管理员',
  manager: '分管领导',
  officer: '招商专员',
  resident: '驻点队员',
};
export const LEVEL_NAMES: Record<string, string> = { province: '自治区', city: '设区市', county: '县（市、区）' };
export const HEALTH_NAMES: Record<string, string> = { green: '正常', yellow: '黄色预警', red: '红色预警' };
export const HEALTH_TAG: Record<string, 'success' | 'warning' | 'danger'> = {
  green: 'success',
  yellow: 'warning',
  red: 'danger',
};
export const CHAMBER_KIND_NAMES: Record<string, string> = {
  chamber: '商会',
  association: '协会',
  guangxi_chamber: '异地广西商会',
};
export const VISIT_KIND_NAMES: Record<string, string> = {
  company: '企业',
  chamber: '商会协会',
  government: '政府部门',
  exhibition: '展会',
  other: '其他',
};
export const VISIT_STATUS_NAMES: Record<string, string> = { planned: '计划', done: '已走访', cancelled: '已取消' };
export const INTENT_NAMES: Record<string, string> = {
  none: '无意向',
  low: '意向较低',
  medium: '有意向',
  high: '意向强烈',
};
export const TASK_STATUS_NAMES: Record<string, string> = { open: '待办', done: '已完成', cancelled: '已取消' };
export const DISPATCH_STATUS_NAMES: Record<string, string> = {
  pending: '待接收',
  accepted: '已接收',
  returned: '已退回',
  withdrawn: '已撤回',
};
export const ESCALATION_STATUS_NAMES: Record<string, string> = {
  pending: '待答复',
  granted: '已同意',
  declined: '未同意',
};
export const CONFLICT_OUTCOME_NAMES: Record<string, string> = {
  winner_takes: '由胜方跟进，败方终止',
  co_handle: '胜方主办，败方协办',
  distinct_projects: '不同项目，双方均保留',
};
export const PARK_KIND_NAMES: Record<string, string> = {
  park_in_park: '园中园',
  themed: '主题产业园',
  light_industry: '轻工产业园',
  general: '综合园区',
  cooperation_zone: '合作园区',
};
export const CHAIN_POSITION_NAMES: Record<string, string> = { upstream: '上游', midstream: '中游', downstream: '下游' };
export const IMPORT_STATUS_NAMES: Record<string, string> = {
  queued: '排队中',
  running: '处理中',
  done: '已完成',
  failed: '失败',
};
export const TARGET_CATEGORY_NAMES: Record<string, string> = { all: '全部项目' };
export const MATCH_FACTOR_NAMES: Record<string, string> = {
  cluster: '产业集群',
  chain: '产业链环节',
  focus: '重点布局城市',
  readiness: '基础设施配套',
  logistics: '物流条件',
  headroom: '用地厂房余量',
};
export const EXCLUSION_NAMES: Record<string, string> = {
  cluster_not_hosted: '园区不承接该产业集群',
  land_below_need: '可用土地不足',
  factory_below_need: '可用厂房不足',
  hazardous_not_allowed: '园区不允许危化品项目',
};
export const TRANSITION_FIELD_NAMES: Record<string, string> = {
  siteVisitAt: '考察时间',
  signedAt: '签约时间',
  signedAmount: '签约金额（亿元）',
  parkId: '落地园区',
  parkName: '落地园区',
  constructionStartedAt: '开工时间',
  producedAt: '投产时间',
  reason: '原因',
  note: '备注',
};

/** `NAMES[code]`, or the code itself when it has no name (a value newer than this page). */
export function nameOf(names: Record<string, string>, code: string | null | undefined): string {
  if (!code) return '—';
  return names[code] ?? code;
}

/** `[{value, label}]` for a select. */
export function optionsOf(names: Record<string, string>): { value: string; label: string }[] {
  return Object.entries(names).map(([value, label]) => ({ value, label }));
}
