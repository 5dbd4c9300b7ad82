import type { ParkKind } from '../src/modules/parks/park.entity';

// Parks and platforms named in the plan (docs/domain.md "Places"). Capacities are unknown and stay null;
// the kind is set only where the plan says what the place is.
export interface ParkSeed {
  code: string;
  name: string;
  regionCode: string;
  kind: ParkKind | null;
  clusterCodes: string[];
  /**
   * A cooperation platform the plan names as a 承接制造业产业转移 carrier without its industries: it hosts, as
   * secondary clusters, the clusters the plan focuses on its city (seeds/clusters.ts focusRegions).
   */
  hostsCityFocus?: true;
}

export const PARK_SEEDS: ParkSeed[] = [
  {
    code: 'qinzhou-petrochemical',
    name: '钦州石化产业园区',
    regionCode: '450700',
    kind: 'general',
    clusterCodes: ['chem'],
  },
  {
    code: 'beihai-tieshangang-petrochemical',
    name: '北海铁山港石化综合产业园区',
    regionCode: '450512',
    kind: 'general',
    clusterCodes: ['chem'],
  },
  {
    code: 'china-malaysia-qinzhou',
    name: '中马钦州产业园区',
    regionCode: '450700',
    kind: 'cooperation_zone',
    // The plan: 加快引进一批生物医药、电子信息、装备制造等产业项目落户中马钦州产业园区.
    clusterCodes: ['biomed', 'electronics', 'machinery'],
  },
  {
    code: 'guangxi-intelligent-manufacturing-city',
    name: '广西智能制造城(柳州)',
    regionCode: '450200',
    kind: null,
    clusterCodes: ['machinery'],
  },
  {
    code: 'guangxi-advanced-equipment-city',
    name: '广西先进装备制造城(玉林)',
    regionCode: '450900',
    kind: null,
    clusterCodes: ['machinery'],
  },
  {
    code: 'nanning-high-end-equipment-city',
    name: '南宁高端装备制造城',
    regionCode: '450100',
    kind: null,
    clusterCodes: ['machinery'],
  },
  {
    code: 'liuzhou-smart-grid',
    name: '柳州智能电网产业园',
    regionCode: '450200',
    kind: 'themed',
    clusterCodes: ['machinery'],
  },
  {
    code: 'chongzuo-airport-economic-zone',
    name: '崇左空港经济区',
    regionCode: '451400',
    kind: null,
    clusterCodes: [],
    hostsCityFocus: true,
  },
  {
    code: 'hkc-beihai-industrial-city',
    name: '惠科电子北海产业新城',
    regionCode: '450500',
    kind: 'park_in_park',
    clusterCodes: ['electronics'],
  },
  {
    code: 'guangdong-guangxi-cooperation-zone',
    name: '粤桂合作特别试验区',
    regionCode: '450400',
    kind: 'cooperation_zone',
    clusterCodes: [],
    hostsCityFocus: true,
  },
  {
    code: 'hezhou-dongrong',
    name: '贺州东融产业园',
    regionCode: '451100',
    kind: null,
    clusterCodes: [],
    hostsCityFocus: true,
  },
  {
    code: 'guilin-high-speed-rail-cooperation-zone',
    name: '粤桂黔滇高铁经济带合作试验区(桂林)',
    regionCode: '450300',
    kind: 'cooperation_zone',
    clusterCodes: [],
    hostsCityFocus: true,
  },
  {
    code: 'shenbai-nantian',
    name: '深百(南田)众创产业园',
    regionCode: '451000',
    kind: null,
    clusterCodes: [],
    hostsCityFocus: true,
  },
  {
    code: 'hechi-shenba-health',
    name: '河池深巴大健康试验区',
    regionCode: '451200',
    kind: 'cooperation_zone',
    clusterCodes: ['biomed'],
  },
  {
    code: 'yulin-two-bays',
    name: '玉林两湾产业融合发展先行试验区',
    regionCode: '450900',
    kind: 'cooperation_zone',
    clusterCodes: [],
    hostsCityFocus: true,
  },
];
