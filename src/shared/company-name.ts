import { pinyin } from 'pinyin-pro';

// Legal-form words that do not tell two companies apart; longest first so 股份有限公司 goes before 有限公司.
const SUFFIXES = [
  '股份有限公司',
  '有限责任公司',
  '集团有限公司',
  '集团股份有限公司',
  '有限公司',
  '分公司',
  '集团',
  '股份',
  '公司',
  'corporation',
  'company',
  'limited',
  'group',
  'corp',
  'inc',
  'ltd',
  'co',
  'llc',
  'plc',
].sort((a, b) => b.length - a.length);
const COUNTRY_TAGS = /[(（]\s*(中国|china|香港|hong\s*kong|澳门|macao|macau)\s*[)）]/gi;
const SEPARATORS = /[\s()（）[\]【】{}<>《》·.,，、。:：;；'"‘’“”\-—_&+/\\]/g;

/**
 * The comparable form of a company name: full-width to half-width, lower case, no spaces, brackets or punctuation,
 * no "(中国)" tag, and no trailing legal-form words, so 深圳市腾讯计算机系统有限公司 and 深圳市腾讯计算机系统 match.
 */
export function normaliseCompanyName(name: string): string {
  let normalised = name.normalize('NFKC').toLowerCase().replace(COUNTRY_TAGS, '').replace(SEPARATORS, '');
  for (let stripped = true; stripped;) {
    stripped = false;
    for (const suffix of SUFFIXES) {
      if (normalised.length > suffix.length && normalised.endsWith(suffix)) {
        normalised = normalised.slice(0, -suffix.length);
        stripped = true;
      }
    }
  }
  return normalised;
}

/** Full pinyin and initials of a name, lower case without spaces, for search (广西柳工 → guangxiliugong, gxlg). */
export function companyNamePinyin(name: string): { full: string; initials: string } {
  const text = name.normalize('NFKC').replace(SEPARATORS, '');
  const syllables = pinyin(text, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true });
  const initials = pinyin(text, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' });
  return {
    full: syllables.join('').toLowerCase().slice(0, 500),
    initials: initials.join('').toLowerCase().slice(0, 100),
  };
}
