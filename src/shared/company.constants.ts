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
