import { companyNamePinyin, normaliseCompanyName } from './company-name';

describe('normaliseCompanyName', () => {
  it.each([
    ['广西柳工机械股份有限公司', '广西柳工机械'],
    ['广西柳工机械 股份有限公司', '广西柳工机械'],
    ['比亚迪（中国）有限公司', '比亚迪'],
    ['比亚迪(中国)集团有限公司', '比亚迪'],
    ['ＢＹＤ Ｃｏ．， Ｌｔｄ．', 'byd'],
    ['BYD Company Limited', 'byd'],
    ['惠科集团', '惠科'],
    ['【深圳】惠科股份', '深圳惠科'],
  ])('%s → %s', (name, expected) => {
    expect(normaliseCompanyName(name)).toBe(expected);
  });

  it('never strips a name down to nothing', () => {
    expect(normaliseCompanyName('集团有限公司')).toBe('集团');
  });
});

describe('companyNamePinyin', () => {
  it('gives the full pinyin and the initials, keeping Latin letters and digits', () => {
    expect(companyNamePinyin('广西柳工集团')).toEqual({ full: 'guangxiliugongjituan', initials: 'gxlgjt' });
    expect(companyNamePinyin('TCL科技')).toEqual({ full: 'tclkeji', initials: 'tclkj' });
  });
});
