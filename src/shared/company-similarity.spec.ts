import {
  ComparableCompany,
  companyNameCore,
  companySimilarity,
  corePrefixes,
  nameForms,
  SIMILAR_COMPANY_SCORE,
} from './company-similarity';
import namePairs from '../../test/fixtures/company-name-pairs.json';

interface NamePair {
  a: ComparableCompany;
  b: ComparableCompany;
  same: boolean;
  pattern: string;
}

const fixture: { pairs: NamePair[] } = namePairs;

describe('company name forms', () => {
  it.each([
    ['深圳市腾讯计算机系统有限公司', '腾讯'],
    ['腾讯计算机系统（深圳）有限公司', '腾讯'],
    ['广西柳工机械股份有限公司', '柳工'],
    ['柳工', '柳工'],
    ['深圳市比亚迪汽车工业有限公司南宁分公司', '比亚迪'],
    ['中国建筑股份有限公司', '中国建筑'],
    ['南宁糖业股份有限公司', '南宁糖业'],
    ['宁德市宁德时代新能源科技有限公司', '宁德时代'],
    ['Huawei Technologies Co., Ltd.', 'huawei'],
  ])('%s has the trade name %s', (name, core) => {
    expect(companyNameCore(name)).toBe(core);
  });

  it('knows a branch by its suffix or its bracket', () => {
    expect(nameForms('深圳市腾讯计算机系统有限公司广州分公司').branch).toBe(true);
    expect(nameForms('腾讯计算机系统有限公司（南宁分公司）').branch).toBe(true);
    expect(nameForms('深圳市腾讯计算机系统有限公司').branch).toBe(false);
  });

  it('looks a core up by itself and the prefixes it extends', () => {
    expect(corePrefixes('华润万家')).toEqual(['华润', '华润万', '华润万家']);
    expect(corePrefixes('柳工')).toEqual(['柳工']);
  });
});

describe('companySimilarity', () => {
  it('scores by the strongest reason and names every reason', () => {
    const result = companySimilarity(
      { name: '深圳市比亚迪汽车工业有限公司' },
      { name: '比亚迪（深圳）有限公司南宁分公司' },
    );
    expect(result.score).toBe(0.9);
    expect(result.reasons.map((reason) => reason.code)).toEqual(['same_core', 'branch']);
    expect(result.reasons[0].detail).toBe('比亚迪');
  });

  it('takes the same credit code as the same company whatever the names', () => {
    const code = '91440300192203821M';
    expect(companySimilarity({ name: '甲', creditCode: code }, { name: '乙', creditCode: code }).score).toBe(1);
  });

  it('tells numbered vehicles apart', () => {
    expect(companySimilarity({ name: '广西北投1号基金' }, { name: '广西北投2号基金' }).score).toBe(0);
  });

  it(`finds the fixture's pairs with recall and precision of at least 0.95 (threshold ${SIMILAR_COMPANY_SCORE})`, () => {
    let [truePositives, falsePositives, falseNegatives] = [0, 0, 0];
    const misses: string[] = [];
    for (const pair of fixture.pairs) {
      const flagged = companySimilarity(pair.a, pair.b).score >= SIMILAR_COMPANY_SCORE;
      if (flagged && pair.same) truePositives++;
      if (flagged && !pair.same) falsePositives++;
      if (!flagged && pair.same) falseNegatives++;
      if (flagged !== pair.same)
        misses.push(`${pair.same ? 'missed' : 'wrongly flagged'}: ${pair.a.name} / ${pair.b.name} (${pair.pattern})`);
    }
    const recall = truePositives / (truePositives + falseNegatives);
    const precision = truePositives / (truePositives + falsePositives);
    console.log(
      `撞单 name pairs: ${fixture.pairs.length} (${truePositives + falseNegatives} same), recall ${recall.toFixed(3)}, precision ${precision.toFixed(3)}\n${misses.join('\n')}`,
    );
    expect(fixture.pairs.length).toBeGreaterThanOrEqual(200);
    expect(recall).toBeGreaterThanOrEqual(0.95);
    expect(precision).toBeGreaterThanOrEqual(0.95);
  });
});
