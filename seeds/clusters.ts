import type { ChainPosition } from '../src/modules/clusters/cluster-segment.entity';

// The nine industry clusters of the plan (reference/guangxi-2020-manufacturing-plan.zh.txt, section (一)),
// as docs/domain.md "The nine clusters" summarises them. Codes are fixed there and never change; segment codes are `<cluster>.<segment>`.

export interface SegmentSeed {
  code: string;
  name: string;
  nameEn: string;
  position: ChainPosition;
}

export interface ClusterSeed {
  code: string;
  name: string;
  nameEn: string;
  leadUnit: string;
  focusPlaces: string[];
  focusRegions: Array<{ regionCode: string; focus: string }>;
  segments: SegmentSeed[];
}

const up = (code: string, name: string, nameEn: string): SegmentSeed => ({ code, name, nameEn, position: 'upstream' });
const mid = (code: string, name: string, nameEn: string): SegmentSeed => ({
  code,
  name,
  nameEn,
  position: 'midstream',
});
const down = (code: string, name: string, nameEn: string): SegmentSeed => ({
  code,
  name,
  nameEn,
  position: 'downstream',
});

export const CLUSTER_SEEDS: ClusterSeed[] = [
  {
    code: 'chem',
    name: '绿色化工新材料',
    nameEn: 'Green chemicals and new materials',
    leadUnit: '自治区发展改革委',
    focusPlaces: ['钦州石化产业园区', '北海铁山港石化综合产业园区'],
    focusRegions: [
      { regionCode: '450700', focus: '钦州石化产业园区' },
      { regionCode: '450500', focus: '北海铁山港石化综合产业园区' },
    ],
    segments: [
      up('chem.basic_chemicals', '基础化工', 'Basic chemicals'),
      mid('chem.high_performance_resins', '高性能树脂', 'High-performance resins'),
      mid('chem.special_rubber', '特种橡胶', 'Special rubber'),
      mid('chem.high_performance_fibres', '高性能纤维', 'High-performance fibres'),
      mid('chem.speciality_chemicals', '专业化学品', 'Speciality chemicals'),
      mid('chem.functional_materials', '功能性材料', 'Functional materials'),
      down('chem.textiles', '纺织服装', 'Textiles and garments'),
      down('chem.packaging', '包装', 'Packaging'),
      down('chem.coatings', '涂料', 'Coatings'),
      down('chem.building_materials', '建材', 'Building materials'),
    ],
  },
  {
    code: 'electronics',
    name: '电子信息',
    nameEn: 'Electronics and information technology',
    leadUnit: '自治区工业和信息化厅',
    focusPlaces: [],
    focusRegions: [
      { regionCode: '450500', focus: '智能终端、新型显示、智能家居、新型元器件集成电路' },
      { regionCode: '450100', focus: '网络通讯、智能终端、新型显示、电子声学光学产品、新型中高端电子产品' },
      { regionCode: '450300', focus: '光通信、光电及智能终端' },
    ],
    segments: [
      up('electronics.components_ic', '新型元器件及集成电路', 'New components and integrated circuits'),
      mid('electronics.new_displays', '新型显示', 'New displays'),
      mid('electronics.optical_communication', '光通信', 'Optical communication'),
      mid('electronics.optoelectronics', '光电', 'Optoelectronics'),
      mid('electronics.acoustic_optical', '电子声学光学产品', 'Acoustic and optical electronic products'),
      down('electronics.smart_terminals', '智能终端', 'Smart terminals'),
      down('electronics.smart_home', '智能家居', 'Smart home'),
      down('electronics.network_communications', '网络通讯', 'Network communications'),
    ],
  },
  {
    code: 'machinery',
    name: '机械装备制造',
    nameEn: 'Machinery and equipment manufacturing',
    leadUnit: '自治区工业和信息化厅',
    focusPlaces: [
      '广西柳工集团有限公司',
      '广西玉柴机器集团有限公司',
      '广西智能制造城(柳州)',
      '广西先进装备制造城(玉林)',
      '南宁高端装备制造城',
    ],
    focusRegions: [
      { regionCode: '450200', focus: '柳工；广西智能制造城；柳州智能电网产业园' },
      { regionCode: '450900', focus: '玉柴；广西先进装备制造城' },
      { regionCode: '450100', focus: '南宁高端装备制造城；南宁先进铝加工中心高端铝材装备' },
    ],
    segments: [
      up('machinery.high_power_engines', '高效大功率内燃机', 'High-efficiency high-power engines'),
      mid('machinery.smart_construction_machinery', '智能工程机械', 'Smart construction machinery'),
      mid('machinery.industrial_robots', '工业机器人', 'Industrial robots'),
      mid('machinery.agricultural_machinery', '现代农机装备', 'Modern agricultural machinery'),
      mid('machinery.smart_grid', '智能电网装备', 'Smart grid equipment'),
      mid('machinery.aluminium_equipment', '高端铝材装备', 'Aluminium-processing equipment'),
    ],
  },
  {
    code: 'auto',
    name: '汽车',
    nameEn: 'Automotive',
    leadUnit: '自治区工业和信息化厅',
    focusPlaces: ['面向东盟的南方汽车出口基地'],
    focusRegions: [
      { regionCode: '450100', focus: '整车及零部件' },
      { regionCode: '450200', focus: '整车及零部件' },
      { regionCode: '450300', focus: '整车及零部件' },
      { regionCode: '450800', focus: '整车及零部件' },
    ],
    segments: [
      up('auto.parts', '汽车零部件', 'Automotive parts'),
      mid('auto.vehicles', '整车制造', 'Vehicle manufacturing'),
      mid('auto.asean_models', '面向东盟市场车型', 'Models for the ASEAN market'),
      down('auto.export_base', '汽车出口', 'Vehicle export base'),
    ],
  },
  {
    code: 'metals',
    name: '金属新材料',
    nameEn: 'Metal new materials',
    leadUnit: '自治区工业和信息化厅',
    focusPlaces: ['沿海、沿西江钢铁产业集群', '桂中、桂东铝精深加工产业集群'],
    focusRegions: [
      { regionCode: '451400', focus: '铜产业集群' },
      { regionCode: '450600', focus: '铜产业集群；生态铝基地' },
      { regionCode: '450400', focus: '铜产业集群' },
      { regionCode: '450900', focus: '铜产业集群' },
      { regionCode: '451200', focus: '生态环保型有色金属基地' },
      { regionCode: '451000', focus: '生态铝基地' },
      { regionCode: '450100', focus: '高端铝基地' },
    ],
    segments: [
      up('metals.steel_smelting', '钢铁冶炼', 'Steel smelting'),
      mid('metals.automotive_steel', '汽车用钢', 'Automotive steel'),
      mid('metals.ship_steel', '船舶用钢', 'Ship steel'),
      mid('metals.structural_steel', '装配式钢结构', 'Prefabricated structural steel'),
      mid('metals.special_steel', '特种钢', 'Special steel'),
      down('metals.stainless_processing', '不锈钢深加工', 'Stainless steel deep processing'),
      up('metals.copper_smelting', '铜冶炼', 'Copper smelting'),
      mid('metals.copper_processing', '铜精深加工', 'Copper deep processing'),
      mid('metals.copper_materials', '铜基新材料', 'Copper-based new materials'),
      down('metals.copper_recycling', '铜循环经济', 'Copper recycling'),
      up('metals.aluminium_smelting', '有色金属冶炼（铝）', 'Aluminium smelting'),
      down('metals.lightweight_aluminium', '汽车轻量化铝材', 'Automotive lightweighting aluminium'),
      down('metals.building_aluminium', '高端建材铝材', 'Building aluminium'),
      down('metals.appliance_aluminium', '家用电器铝材', 'Appliance aluminium'),
      down('metals.electronics_aluminium', '电子铝材', 'Electronics aluminium'),
    ],
  },
  {
    code: 'calcium',
    name: '精品碳酸钙',
    nameEn: 'Calcium carbonate',
    leadUnit: '自治区工业和信息化厅',
    focusPlaces: [],
    focusRegions: [
      { regionCode: '451100', focus: '新增产能重点布局' },
      { regionCode: '451300', focus: '新增产能重点布局' },
    ],
    segments: [
      up('calcium.mining', '矿产资源开采', 'Mining'),
      mid('calcium.nano', '纳米钙', 'Nano calcium carbonate'),
      mid('calcium.ultrafine', '超细碳酸钙', 'Ultrafine calcium carbonate'),
      mid('calcium.modified', '改性碳酸钙', 'Modified calcium carbonate'),
      down('calcium.plastics', '塑料', 'Plastics'),
      down('calcium.rubber', '橡胶', 'Rubber'),
      down('calcium.paper', '造纸', 'Paper'),
      down('calcium.coatings', '涂料', 'Coatings'),
      down('calcium.food_pharma', '食品医药', 'Food and pharmaceuticals'),
      down('calcium.artificial_stone', '人造岗石', 'Artificial stone'),
    ],
  },
  {
    code: 'furniture',
    name: '高端家具家居材料',
    nameEn: 'High-end furniture and home materials',
    leadUnit: '自治区林业局',
    focusPlaces: ['中国-东盟国际林产加工带', '西江林产加工带', '北部湾进口木材加工区', '桂北木竹精深加工区'],
    // The plan names four belts, not cities: each belt's cities as its name places it (the border timber port at
    // 凭祥, the 西江 valley, the 北部湾 ports, 桂北). docs/domain.md "The nine clusters" says to confirm with 林业局.
    focusRegions: [
      { regionCode: '451400', focus: '中国-东盟国际林产加工带：进口木材、优质板材家具、红木高档家具' },
      { regionCode: '450400', focus: '西江林产加工带：高端无醛生态人造板、高档家具制造' },
      { regionCode: '450800', focus: '西江林产加工带：高端无醛生态人造板、高档家具制造' },
      { regionCode: '450500', focus: '北部湾进口木材加工区：进口木材、优质家具板材' },
      { regionCode: '450600', focus: '北部湾进口木材加工区：进口木材、优质家具板材' },
      { regionCode: '450700', focus: '北部湾进口木材加工区：进口木材、优质家具板材' },
      { regionCode: '450300', focus: '桂北木竹精深加工区：优质木地板、木制家居用品、木雕根艺制品' },
    ],
    segments: [
      up('furniture.imported_timber', '进口木材', 'Imported timber'),
      mid('furniture.mdf_hdf', '中高密度纤维板', 'MDF and HDF'),
      mid('furniture.light_fibreboard', '轻质纤维板', 'Light fibreboard'),
      mid('furniture.particle_board', '超强刨花板', 'Particle board'),
      mid('furniture.osb', '定向刨花板', 'Oriented strand board'),
      mid('furniture.plywood_substrate', '地板基材胶合板', 'Plywood flooring substrate'),
      mid('furniture.eco_board', '生态板', 'Eco-board'),
      down('furniture.rosewood_furniture', '红木高档家具', 'Rosewood furniture'),
      down('furniture.panel_furniture', '优质板材家具', 'Panel furniture'),
      down('furniture.wood_flooring', '木地板', 'Wood flooring'),
      down('furniture.bamboo_wood_products', '木竹制品', 'Bamboo and wood products'),
    ],
  },
  {
    code: 'biomed',
    name: '生物医药',
    nameEn: 'Biomedicine',
    leadUnit: '自治区工业和信息化厅（配合：自治区药监局）',
    focusPlaces: ['中马钦州产业园区', '河池深巴大健康试验区'],
    // The cities of the platforms the plan sends 生物医药 projects to.
    focusRegions: [
      { regionCode: '450700', focus: '中马钦州产业园区：生物医药项目落户' },
      { regionCode: '451200', focus: '河池深巴大健康试验区：大健康' },
    ],
    segments: [
      up('biomed.supporting_equipment', '主要配套设备', 'Supporting equipment'),
      mid('biomed.masks', '口罩', 'Masks'),
      mid('biomed.protective_clothing', '防护服', 'Protective clothing'),
      mid('biomed.special_vehicles', '救护车和保障专用车辆', 'Ambulances and special vehicles'),
      mid('biomed.medical_devices', '医疗器械（护目镜、测温仪、制氧机等）', 'Medical devices'),
      mid('biomed.drugs', '药品', 'Drugs'),
      mid('biomed.disinfectants', '消杀用品', 'Disinfectants'),
    ],
  },
  {
    code: 'light',
    name: '轻工纺织',
    nameEn: 'Light industry and textiles',
    leadUnit: '自治区工业和信息化厅',
    focusPlaces: ['广西轻工园'],
    // The plan's 承接产业转移重点市, each to build two or more 园中园 / 特色园 / 轻工园 (the others one or more).
    focusRegions: [
      { regionCode: '450100', focus: '承接产业转移重点市：打造2个以上轻工园' },
      { regionCode: '450200', focus: '承接产业转移重点市：打造2个以上轻工园' },
      { regionCode: '450300', focus: '承接产业转移重点市：打造2个以上轻工园' },
      { regionCode: '450500', focus: '承接产业转移重点市：打造2个以上轻工园' },
      { regionCode: '450400', focus: '承接产业转移重点市：打造2个以上轻工园' },
      { regionCode: '450900', focus: '承接产业转移重点市：打造2个以上轻工园' },
    ],
    segments: [
      up('light.textiles', '纺织', 'Textiles'),
      mid('light.silk_weaving', '织绸', 'Silk weaving'),
      mid('light.printing_dyeing', '印染', 'Printing and dyeing'),
      mid('light.hardware_plumbing', '五金水暖', 'Hardware and plumbing'),
      down('light.home_appliances', '家用电器', 'Household appliances'),
      down('light.lighting', '灯具', 'Lighting'),
      down('light.garments', '服装', 'Garments'),
    ],
  },
];
