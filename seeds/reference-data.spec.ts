import { CLUSTER_SEEDS } from './clusters';
import { buildRegionSeeds, GUANGXI_CODE } from './divisions';
import { PARK_SEEDS } from './parks';

describe('reference data', () => {
  const regions = buildRegionSeeds();
  const byCode = new Map(regions.map((region) => [region.code, region]));

  it("has Guangxi's 14 cities with the GB/T 2260 codes of docs/domain.md (Places) and 111 county-level divisions", () => {
    const cities = regions.filter((region) => region.parentCode === GUANGXI_CODE);
    expect(cities.map((city) => `${city.code} ${city.name}`)).toEqual([
      '450100 南宁市',
      '450200 柳州市',
      '450300 桂林市',
      '450400 梧州市',
      '450500 北海市',
      '450600 防城港市',
      '450700 钦州市',
      '450800 贵港市',
      '450900 玉林市',
      '451000 百色市',
      '451100 贺州市',
      '451200 河池市',
      '451300 来宾市',
      '451400 崇左市',
    ]);
    const counties = regions.filter((region) => region.level === 'county');
    expect(counties).toHaveLength(111);
    expect(
      counties.every((county) => county.provinceCode === GUANGXI_CODE && county.cityCode === county.parentCode),
    ).toBe(true);
  });

  it('has every province, Hong Kong, Macao and Taiwan, and the cities of Guangdong (origins of companies)', () => {
    expect(regions.filter((region) => region.level === 'province')).toHaveLength(34);
    expect(byCode.get('810000')?.name).toBe('香港特别行政区');
    expect(byCode.get('820000')?.name).toBe('澳门特别行政区');
    expect(byCode.get('440300')).toMatchObject({ name: '深圳市', level: 'city', parentCode: '440000' });
    expect(regions.filter((region) => region.parentCode === '440000')).toHaveLength(21);
  });

  it('uses six-digit codes, unique, with every parent listed before its children', () => {
    const seen = new Set<string>();
    for (const region of regions) {
      expect(region.code).toMatch(/^\d{6}$/);
      expect(seen.has(region.code)).toBe(false);
      if (region.parentCode) expect(seen.has(region.parentCode)).toBe(true);
      seen.add(region.code);
    }
  });

  it('has the nine clusters with the codes of docs/domain.md "The nine clusters" and segments coded <cluster>.<segment>', () => {
    expect(CLUSTER_SEEDS.map((cluster) => cluster.code)).toEqual([
      'chem',
      'electronics',
      'machinery',
      'auto',
      'metals',
      'calcium',
      'furniture',
      'biomed',
      'light',
    ]);
    const segmentCodes = CLUSTER_SEEDS.flatMap((cluster) => cluster.segments.map((segment) => segment.code));
    expect(new Set(segmentCodes).size).toBe(segmentCodes.length);
    for (const cluster of CLUSTER_SEEDS) {
      expect(cluster.segments.length).toBeGreaterThan(0);
      for (const segment of cluster.segments) {
        expect(segment.code).toMatch(new RegExp(`^${cluster.code}\\.[a-z][a-z0-9_]*$`));
        expect(segment.code.length).toBeLessThanOrEqual(64);
      }
      for (const focus of cluster.focusRegions) expect(byCode.get(focus.regionCode)?.level).toBe('city');
    }
  });

  it('places every park of the plan in a Guangxi city or county and names only known clusters', () => {
    expect(PARK_SEEDS).toHaveLength(15);
    const clusterCodes = new Set(CLUSTER_SEEDS.map((cluster) => cluster.code));
    for (const park of PARK_SEEDS) {
      expect(byCode.get(park.regionCode)?.provinceCode).toBe(GUANGXI_CODE);
      expect(byCode.get(park.regionCode)?.level).not.toBe('province');
      for (const code of park.clusterCodes) expect(clusterCodes.has(code)).toBe(true);
    }
  });
});
