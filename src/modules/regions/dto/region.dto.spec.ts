import { mapRegionTree, RegionRow } from './region.dto';

const row = (code: string, parentCode: string | null, level: RegionRow['level']): RegionRow => ({
  code,
  name: code,
  level,
  parentCode,
  provinceCode: '450000',
  cityCode: level === 'province' ? null : parentCode === '450000' ? code : parentCode,
  isKeyIndustrialCounty: false,
});

describe('mapRegionTree', () => {
  it('nests descendants under their parents in code order', () => {
    const tree = mapRegionTree(row('450000', null, 'province'), [
      row('450102', '450100', 'county'),
      row('450200', '450000', 'city'),
      row('450100', '450000', 'city'),
      row('450101', '450100', 'county'),
    ]);
    expect(tree.children.map((city) => city.code)).toEqual(['450100', '450200']);
    expect(tree.children[0].children.map((county) => county.code)).toEqual(['450101', '450102']);
    expect(tree.children[1].children).toEqual([]);
  });
});
