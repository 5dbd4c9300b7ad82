import { isBelow, lowestCommonSuperior, parentUnit } from './jurisdiction-scope';

const region = { regionCode: '450000', cityCode: null };
const nanning = { regionCode: '450100', cityCode: '450100' };
const xingning = { regionCode: '450102', cityCode: '450100' };
const qingxiu = { regionCode: '450103', cityCode: '450100' };
const liuzhou = { regionCode: '450200', cityCode: '450200' };
const chengzhong = { regionCode: '450202', cityCode: '450200' };

describe('unit tree', () => {
  it('knows each unit’s parent', () => {
    expect(parentUnit(xingning)).toEqual(nanning);
    expect(parentUnit(nanning)).toEqual(region);
    expect(parentUnit(region)).toBeNull();
  });

  it('tells descendants apart from the unit itself and from strangers', () => {
    expect(isBelow(xingning, nanning)).toBe(true);
    expect(isBelow(xingning, region)).toBe(true);
    expect(isBelow(nanning, nanning)).toBe(false);
    expect(isBelow(chengzhong, nanning)).toBe(false);
    expect(isBelow(nanning, xingning)).toBe(false);
  });

  it('finds the arbiter above both units', () => {
    expect(lowestCommonSuperior(xingning, qingxiu)).toEqual(nanning);
    expect(lowestCommonSuperior(xingning, chengzhong)).toEqual(region);
    expect(lowestCommonSuperior(nanning, xingning)).toEqual(region);
    expect(lowestCommonSuperior(nanning, liuzhou)).toEqual(region);
    expect(lowestCommonSuperior(region, xingning)).toEqual(region);
  });
});
