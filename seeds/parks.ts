import type { ParkKind } from '../src/modules/parks/park.entity';

// Parks and platforms named in the plan (docs/domain.md "Places"). Capacities are unknown and stay null. Kinds: the
// plan's 重大合作平台 and cooperation zones are cooperation_zone, the "两企三城" manufacturing cities and single-trade
// parks themed, an anchor company's new town park_in_park, the multi-trade bases general.
export interface ParkSeed {
  code: string;
  name: string;
  regionCode: string;
  kind: ParkKind | null;
  /** What the plan says the park is for (主导产业、定位). */
  focus: string;
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
    focus: '减油增化：高性能树脂、特种橡胶、高性能纤维、专业化学品、功能性材料（广西北部湾石化产业基地）',
    clusterCodes: ['chem'],
  },
  {
    code: 'beihai-tieshangang-petrochemical',
    name: '北海铁山港石化综合产业园区',
    regionCode: '450512',
    kind: 'general',
    focus: '与钦州石化产业园区联动发展，广西北部湾石化产业基地',
    clusterCodes: ['chem'],
  },
  {
    code: 'china-malaysia-qinzhou',
    name: '中马钦州产业园区',
    regionCode: '450700',
    kind: 'cooperation_zone',
    focus: '生物医药、电子信息、装备制造等产业项目落户',
    // The plan: 加快引进一批生物医药、电子信息、装备制造等产业项目落户中马钦州产业园区.
    clusterCodes: ['biomed', 'electronics', 'machinery'],
  },
  {
    code: 'guangxi-intelligent-manufacturing-city',
    name: '广西智能制造城(柳州)',
    regionCode: '450200',
    kind: 'themed',
    focus: '“两企三城”：集设计、研发、制造为一体的高端装备（智能工程机械、工业机器人）',
    clusterCodes: ['machinery'],
  },
  {
    code: 'guangxi-advanced-equipment-city',
    name: '广西先进装备制造城(玉林)',
    regionCode: '450900',
    kind: 'themed',
    focus: '“两企三城”：高效大功率内燃机等高端装备',
    clusterCodes: ['machinery'],
  },
  {
    code: 'nanning-high-end-equipment-city',
    name: '南宁高端装备制造城',
    regionCode: '450100',
    kind: 'themed',
    focus: '“两企三城”：高端装备制造，南宁先进铝加工中心高端铝材装备',
    clusterCodes: ['machinery'],
  },
  {
    code: 'liuzhou-smart-grid',
    name: '柳州智能电网产业园',
    regionCode: '450200',
    kind: 'themed',
    focus: '智能电网装备重大项目',
    clusterCodes: ['machinery'],
  },
  {
    code: 'chongzuo-airport-economic-zone',
    name: '崇左空港经济区',
    regionCode: '451400',
    kind: 'general',
    focus: '工业企业总部基地及休闲食品产业园',
    clusterCodes: [],
    hostsCityFocus: true,
  },
  {
    code: 'hkc-beihai-industrial-city',
    name: '惠科电子北海产业新城',
    regionCode: '450500',
    kind: 'park_in_park',
    focus: '惠科电子：智能终端、新型显示',
    clusterCodes: ['electronics'],
  },
  {
    code: 'guangdong-guangxi-cooperation-zone',
    name: '粤桂合作特别试验区',
    regionCode: '450400',
    kind: 'cooperation_zone',
    focus: '承接粤港澳大湾区产业转移先行先试示范区',
    clusterCodes: [],
    hostsCityFocus: true,
  },
  {
    code: 'hezhou-dongrong',
    name: '贺州东融产业园',
    regionCode: '451100',
    kind: 'cooperation_zone',
    focus: '重大合作平台：承接制造业产业转移的重要载体',
    clusterCodes: [],
    hostsCityFocus: true,
  },
  {
    code: 'guilin-high-speed-rail-cooperation-zone',
    name: '粤桂黔滇高铁经济带合作试验区(桂林)',
    regionCode: '450300',
    kind: 'cooperation_zone',
    focus: '重大合作平台：承接制造业产业转移的重要载体',
    clusterCodes: [],
    hostsCityFocus: true,
  },
  {
    code: 'shenbai-nantian',
    name: '深百(南田)众创产业园',
    regionCode: '451000',
    kind: 'cooperation_zone',
    focus: '重大合作平台：深圳—百色合作，承接制造业产业转移的重要载体',
    clusterCodes: [],
    hostsCityFocus: true,
  },
  {
    code: 'hechi-shenba-health',
    name: '河池深巴大健康试验区',
    regionCode: '451200',
    kind: 'cooperation_zone',
    focus: '重大合作平台：深圳—巴马大健康',
    clusterCodes: ['biomed'],
  },
  {
    code: 'yulin-two-bays',
    name: '玉林两湾产业融合发展先行试验区',
    regionCode: '450900',
    kind: 'cooperation_zone',
    focus: '重大合作平台：两湾产业融合发展先行试验区',
    clusterCodes: [],
    hostsCityFocus: true,
  },
];
