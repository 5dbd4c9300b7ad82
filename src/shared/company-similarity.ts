import type { SimilarityReasonCode } from './company.constants';
import { normaliseCompanyName } from './company-name';

export type { SimilarityReasonCode };

/**
 * 撞单 by similarity (docs/domain.md "撞单 by similarity"): a Chinese company name is 行政区划 + 字号 + 行业 + 组织形式, and the
 * 字号 (trade name) is what tells companies apart. 深圳市X科技有限公司, X（深圳）有限公司 and 广西X are one X; the
 * branch 深圳市X有限公司广州分公司 is X too. The rules here are pure, so the name-pair fixture measures exactly what
 * registration applies, and every rule is one an index can find (CompaniesRepository.similarCandidates).
 */

/** A pair at or above this score is shown on registration and opens a 撞单 for their leads. */
export const SIMILAR_COMPANY_SCORE = 0.8;

export interface SimilarityReason {
  code: SimilarityReasonCode;
  /** What matched: the shared 字号, the alias, the relation. */
  detail: string;
}

export interface CompanySimilarity {
  score: number;
  reasons: SimilarityReason[];
}

/** What the rules compare of one company. */
export interface ComparableCompany {
  name: string;
  creditCode?: string | null;
  /** Short names and former names (简称, 曾用名). */
  aliases?: readonly string[];
}

const REASON_SCORES: Record<SimilarityReasonCode, number> = {
  same_company: 1,
  credit_code: 1,
  same_name: 0.98,
  alias: 0.95,
  group: 0.9,
  same_core: 0.9,
  branch: 0.9,
  core_prefix: 0.85,
};

/** A 字号 extended by at most this many characters is the same trade name (华润 → 华润万家), more is another. */
const MAX_PREFIX_EXTENSION = 2;
/** An alias is curated, so a name may extend it further (南方电网 → 南方电网广西电网). */
export const MAX_ALIAS_EXTENSION = 6;

// Provinces and cities a name starts with: Guangxi's and Guangdong's all, the others companies in the campaign
// commonly come from. 中国 is not among them: in 中国建筑 or 中国中车 it is part of the trade name.
const PLACES = (
  '广西 南宁 柳州 桂林 梧州 北海 防城港 钦州 贵港 玉林 百色 贺州 河池 来宾 崇左 广东 ' +
  '广州 深圳 珠海 汕头 佛山 韶关 湛江 肇庆 江门 茂名 惠州 梅州 汕尾 河源 阳江 清远 东莞 ' +
  '中山 潮州 揭阳 云浮 香港 澳门 台湾 北京 上海 天津 重庆 浙江 杭州 宁波 温州 江苏 南京 ' +
  '苏州 无锡 常州 福建 福州 厦门 湖南 长沙 湖北 武汉 四川 成都 山东 青岛 济南 河南 郑州 ' +
  '云南 昆明 贵州 贵阳 海南 海口 江西 南昌 安徽 合肥 陕西 西安 宁德 泉州 漳州 莆田 嘉兴 ' +
  '绍兴 金华 台州 湖州 南通 扬州 徐州 镇江 泰州 盐城'
).split(' ');
// Districts of the two resident-team cities, which Shenzhen and Guangzhou registrations often carry.
const DISTRICTS = (
  '南山 福田 宝安 龙岗 龙华 罗湖 光明 坪山 盐田 前海 天河 番禺 黄埔 白云 海珠 越秀 荔湾 ' +
  '花都 南沙 增城 从化 顺德 南海 禅城 三水 高明'
).split(' ');
// A known place with or without its 省/市, a district with its 区, or any two to four characters before 市 or 省.
const PLACE = `(?:${PLACES.join('|')})(?:壮族自治区|特别行政区|自治区|省|市)?|(?:${DISTRICTS.join('|')})(?:新区|区)|[\\u4e00-\\u9fa5]{2,4}?[市省]`;
const LEADING_PLACE = new RegExp(`^(?:${PLACE})`);
const PLACE_SUFFIX = /(?:壮族自治区|特别行政区|自治区|新区|省|市|区)$/;
const PLACE_ONLY = new RegExp(`^(?:${PLACE}|中国)+$`);

// 行业 words after the trade name, stripped from the end one at a time (computer systems → computer → nothing).
const INDUSTRY_WORDS = (
  '科技 技术 信息 网络 电子 实业 控股 投资 发展 贸易 商贸 机械 重工 制造 工业 汽车 电器 ' +
  '电气 电池 电力 能源 新能源 材料 新材料 化工 化学 生物 医药 制药 医疗 食品 饮料 家居 ' +
  '家具 纺织 服装 服饰 建材 建设 建筑 工程 物流 环保 环境 智能 精密 光电 通讯 通信 ' +
  '计算机 系统 软件 数码 设备 装备 机电 五金 塑胶 塑料 包装 印刷 钢铁 金属 铝业 糖业 ' +
  '林业 木业 纸业 矿业 置业 地产 房地产 文化 传媒 咨询 管理 供应链 国际 产业 集团 股份 ' +
  '企业 工贸 商务 服务 健康 数字 云计算 有色 证券 holdings holding technologies technology tech ' +
  'international industries industrial electronics electric motors motor'
).split(' ');
const TRAILING_INDUSTRY = new RegExp(`(?:${[...INDUSTRY_WORDS].sort((a, b) => b.length - a.length).join('|')})$`);
const BRANCH = /^(.*?(?:有限责任公司|股份有限公司|有限公司|公司))(.{0,12}?)(?:分公司|分厂|办事处|分店|营业部|分部)$/;
const BRACKETED = /[(（[【]([^)）\]】]*)[)）\]】]/g;
const BRACKET_DROPPED = /^(?:中国|china|普通合伙|有限合伙|特殊普通合伙|.*分公司)$/;
const DIGITS = /\d+/g;

/** The trade name must keep at least this many characters; a shorter remainder keeps the word. */
const MIN_CORE = 2;

export interface NameForms {
  /** normaliseCompanyName of the name without place or legal-form brackets and without a branch's suffix. */
  normalised: string;
  /** The 字号: the normalised name without leading places and trailing 行业 words. */
  core: string;
  /** A branch (分公司, 办事处...) of the company its name starts with. */
  branch: boolean;
  digits: string;
}

/** The forms of a name the rules compare. */
export function nameForms(name: string): NameForms {
  let text = name.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
  const branchMatch = BRANCH.exec(text);
  const branch = branchMatch !== null || /[(（][^)）]*分公司[)）]/.test(text);
  if (branchMatch) text = branchMatch[1];
  // Brackets holding a place, 中国 or a partnership form are registration detail; other bracketed words stay.
  text = text.replace(BRACKETED, (_whole, inner: string) =>
    PLACE_ONLY.test(inner) || BRACKET_DROPPED.test(inner) ? '' : inner,
  );
  const normalised = normaliseCompanyName(text);
  let core = normalised;
  // A place goes unless only 行业 words would remain (南宁糖业 keeps 南宁: 糖业 alone names no company).
  // A place repeated is the trade name's own (宁德市宁德时代, 桂林市桂林三金).
  const stripped = new Set<string>();
  for (let match = LEADING_PLACE.exec(core); match; match = LEADING_PLACE.exec(core)) {
    const place = match[0].replace(PLACE_SUFFIX, '');
    const rest = core.slice(match[0].length);
    if (stripped.has(place) || rest.length < MIN_CORE || withoutIndustryWords(rest).length === 0) break;
    stripped.add(place);
    core = rest;
  }
  // 行业 words go unless only a place would remain (中国建筑 stays: 中国 alone is not a trade name).
  for (let match = TRAILING_INDUSTRY.exec(core); match; match = TRAILING_INDUSTRY.exec(core)) {
    const rest = core.slice(0, -match[0].length);
    if (rest.length < MIN_CORE || PLACE_ONLY.test(rest)) break;
    core = rest;
  }
  return { normalised, core, branch, digits: (normalised.match(DIGITS) ?? []).join(',') };
}

function withoutIndustryWords(text: string): string {
  let rest = text;
  for (let match = TRAILING_INDUSTRY.exec(rest); match; match = TRAILING_INDUSTRY.exec(rest))
    rest = rest.slice(0, -match[0].length);
  return rest;
}

/** The 字号 of a name, stored on the company and its aliases so candidates are found by an index. */
export function companyNameCore(name: string): string {
  return nameForms(name).core.slice(0, 128);
}

/**
 * The cores an index lookup for `core` must cover, so that every pair companySimilarity scores by 字号 is found:
 * the core itself and its prefixes it extends by at most MAX_PREFIX_EXTENSION (the longer ones are a LIKE 'core%').
 */
export function corePrefixes(core: string, maxExtension = MAX_PREFIX_EXTENSION): string[] {
  const prefixes: string[] = [];
  for (let length = Math.max(MIN_CORE, core.length - maxExtension); length <= core.length; length++)
    prefixes.push(core.slice(0, length));
  return prefixes;
}

/** Whether `longer` is `shorter`'s trade name extended (华润 → 华润万家), not another name that starts alike. */
function extendsCore(shorter: string, longer: string, maxExtension = MAX_PREFIX_EXTENSION): boolean {
  return (
    shorter.length >= MIN_CORE &&
    longer.length > shorter.length &&
    longer.length - shorter.length <= maxExtension &&
    longer.startsWith(shorter)
  );
}

/**
 * How alike two companies are, with the reasons: a score in [0, 1] from the strongest reason. Names whose numbers
 * differ (第一/第二 plants aside, 华强1号 and 华强2号) are different companies whatever else they share.
 */
export function companySimilarity(a: ComparableCompany, b: ComparableCompany): CompanySimilarity {
  const reasons: SimilarityReason[] = [];
  if (a.creditCode && a.creditCode === b.creditCode) reasons.push({ code: 'credit_code', detail: a.creditCode });
  const [formsA, formsB] = [nameForms(a.name), nameForms(b.name)];
  if (formsA.digits !== formsB.digits && reasons.length === 0) return { score: 0, reasons: [] };
  if (formsA.normalised === formsB.normalised) reasons.push({ code: 'same_name', detail: formsA.normalised });
  const alias = aliasOf(a, b);
  if (alias) reasons.push({ code: 'alias', detail: alias });
  if (formsA.core === formsB.core) reasons.push({ code: 'same_core', detail: formsA.core });
  else if (extendsCore(formsA.core, formsB.core) || extendsCore(formsB.core, formsA.core))
    reasons.push({ code: 'core_prefix', detail: formsA.core.length < formsB.core.length ? formsA.core : formsB.core });
  if ((formsA.branch || formsB.branch) && reasons.length > 0)
    reasons.push({ code: 'branch', detail: formsA.branch ? a.name : b.name });
  return { score: scoreOf(reasons), reasons };
}

/** The score of the strongest reason; none is 0. */
export function scoreOf(reasons: readonly SimilarityReason[]): number {
  return reasons.reduce((best, reason) => Math.max(best, REASON_SCORES[reason.code]), 0);
}

/** An alias (or former name) of one that is the other's name or alias by 字号. */
function aliasOf(a: ComparableCompany, b: ComparableCompany): string | null {
  const coresOf = (names: readonly string[]) => new Map(names.map((name) => [nameForms(name).core, name]));
  const [aliasesA, aliasesB] = [coresOf(a.aliases ?? []), coresOf(b.aliases ?? [])];
  const [nameA, nameB] = [nameForms(a.name).core, nameForms(b.name).core];
  const names = (core: string, other: string) => core === other || extendsCore(core, other, MAX_ALIAS_EXTENSION);
  for (const [core, alias] of aliasesA) if (names(core, nameB) || aliasesB.has(core)) return alias;
  for (const [core, alias] of aliasesB) if (names(core, nameA)) return alias;
  return null;
}
