export const OWNERSHIPS = ['central_soe', 'local_soe', 'private', 'foreign', 'hk_macao_taiwan'] as const;
export type Ownership = (typeof OWNERSHIPS)[number];
export const OWNERSHIP_NAMES: Record<Ownership, string> = {
  central_soe: '央企',
  local_soe: '地方国企',
  private: '民企',
  foreign: '外企',
  hk_macao_taiwan: '港澳台企',
};

export const COMPANY_FLAGS = ['fortune_global_500', 'china_500', 'leading', 'single_champion', 'specialised'] as const;
export type CompanyFlag = (typeof COMPANY_FLAGS)[number];
export const COMPANY_FLAG_NAMES: Record<CompanyFlag, string> = {
  fortune_global_500: '世界500强',
  china_500: '中国500强',
  leading: '行业龙头',
  single_champion: '单项冠军',
  specialised: '专精特新',
};

/** Ownerships whose companies may have no credit code yet (docs/domain.md "Companies and leads": name + origin identify them). */
export const CREDIT_CODE_OPTIONAL: readonly Ownership[] = ['foreign', 'hk_macao_taiwan'];

/** A company's place in a group: a subsidiary (子公司, its own registration) or a branch (分公司, 分支机构). */
export const COMPANY_RELATIONS = ['subsidiary', 'branch'] as const;
export type CompanyRelation = (typeof COMPANY_RELATIONS)[number];
export const COMPANY_RELATION_NAMES: Record<CompanyRelation, string> = { subsidiary: '子公司', branch: '分公司' };

/** Other names a company is known by: a short name (简称, also an English name) or a former name (曾用名). */
export const COMPANY_ALIAS_KINDS = ['alias', 'former'] as const;
export type CompanyAliasKind = (typeof COMPANY_ALIAS_KINDS)[number];
export const COMPANY_ALIAS_KIND_NAMES: Record<CompanyAliasKind, string> = { alias: '简称', former: '曾用名' };

/** Why two companies are 撞单 candidates (companySimilarity), strongest first, with the words the web app shows. */
export const SIMILARITY_REASON_CODES = [
  'same_company',
  'credit_code',
  'same_name',
  'alias',
  'group',
  'same_core',
  'branch',
  'core_prefix',
] as const;
export type SimilarityReasonCode = (typeof SIMILARITY_REASON_CODES)[number];
export const SIMILARITY_REASON_NAMES: Record<SimilarityReasonCode, string> = {
  same_company: '同一企业',
  credit_code: '统一社会信用代码相同',
  same_name: '名称相同',
  alias: '简称/曾用名相同',
  group: '同一集团',
  same_core: '字号相同',
  branch: '分支机构',
  core_prefix: '字号相近',
};
