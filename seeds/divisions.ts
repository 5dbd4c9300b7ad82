import type { RegionLevel } from '../src/modules/regions/region.entity';
import pcaTree from './divisions/pca-code.json';

interface PcaNode {
  code: string;
  name: string;
  children?: PcaNode[];
}

export interface RegionSeed {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
  provinceCode: string;
  cityCode: string | null;
}

export const GUANGXI_CODE = '450000';
// Provinces whose cities we keep (companies and chambers come from them); Guangxi also keeps its counties.
const PROVINCES_WITH_CITIES = new Set(['44', '45']);
const PROVINCES_WITH_COUNTIES = new Set(['45']);
const MISSING_FROM_PACKAGE: RegionSeed[] = [
  { code: '710000', name: '台湾省', level: 'province', parentCode: null, provinceCode: '710000', cityCode: null },
  {
    code: '810000',
    name: '香港特别行政区',
    level: 'province',
    parentCode: null,
    provinceCode: '810000',
    cityCode: null,
  },
  {
    code: '820000',
    name: '澳门特别行政区',
    level: 'province',
    parentCode: null,
    provinceCode: '820000',
    cityCode: null,
  },
];

const toSixDigits = (code: string): string => code.padEnd(6, '0');

/** Every division the CRM knows, parents before children. */
export function buildRegionSeeds(tree: PcaNode[] = pcaTree as PcaNode[]): RegionSeed[] {
  const provinces: RegionSeed[] = [];
  const cities: RegionSeed[] = [];
  const counties: RegionSeed[] = [];
  for (const province of tree) {
    const provinceCode = toSixDigits(province.code);
    provinces.push({
      code: provinceCode,
      name: province.name,
      level: 'province',
      parentCode: null,
      provinceCode,
      cityCode: null,
    });
    if (!PROVINCES_WITH_CITIES.has(province.code)) continue;
    for (const city of province.children ?? []) {
      const cityCode = toSixDigits(city.code);
      cities.push({ code: cityCode, name: city.name, level: 'city', parentCode: provinceCode, provinceCode, cityCode });
      if (!PROVINCES_WITH_COUNTIES.has(province.code)) continue;
      for (const county of city.children ?? []) {
        counties.push({
          code: county.code,
          name: county.name,
          level: 'county',
          parentCode: cityCode,
          provinceCode,
          cityCode,
        });
      }
    }
  }
  return [...provinces, ...MISSING_FROM_PACKAGE, ...cities, ...counties];
}
