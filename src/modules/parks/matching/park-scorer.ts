/**
 * Company-to-park matching: hard constraints exclude a park (and are counted), soft factors score it 0..100 with
 * configured weights, and every point is explained. Pure: the catalog and weights come in, no I/O.
 */

export type ChainPosition = 'upstream' | 'midstream' | 'downstream';

export interface MatchProfile {
  clusterCode: string;
  segmentCode?: string | null;
  landNeedMu?: number | null;
  factoryNeedSqm?: number | null;
  /** A hazardous chemical process (needs a park that allows one). */
  hazardous?: boolean;
  needsPort?: boolean;
  needsRail?: boolean;
  /** Export-oriented (automotive for ASEAN): wants a port like chemicals and metals do. */
  exportOriented?: boolean;
}

export const READINESS_ITEMS = ['road', 'water', 'power', 'gas', 'network', 'levelled'] as const;
export type ReadinessItem = (typeof READINESS_ITEMS)[number];

export interface ParkFacts {
  id: string;
  name: string;
  cityCode: string;
  primaryClusters: ReadonlySet<string>;
  secondaryClusters: ReadonlySet<string>;
  /** Segments the park hosts: declared, and those of its resident companies. */
  segments: ReadonlySet<string>;
  landAvailableMu: number | null;
  factoryAvailableSqm: number | null;
  readiness: Readonly<Record<ReadinessItem, boolean>>;
  portAccess: boolean;
  railAccess: boolean;
  hazardousChemicalsAllowed: boolean;
}

export interface ChainContext {
  segmentPosition: ReadonlyMap<string, ChainPosition>;
  segmentName: ReadonlyMap<string, string>;
  segmentCluster: ReadonlyMap<string, string>;
  /** Cities the plan names as focus places of each cluster. */
  focusCities: ReadonlyMap<string, ReadonlySet<string>>;
}

export const MATCH_FACTORS = ['cluster', 'chain', 'focus', 'readiness', 'logistics', 'headroom'] as const;
export type MatchFactor = (typeof MATCH_FACTORS)[number];
export type MatchWeights = Readonly<Record<MatchFactor, number>>;

export const EXCLUSIONS = [
  'cluster_not_hosted',
  'land_below_need',
  'factory_below_need',
  'hazardous_not_allowed',
] as const;
export type Exclusion = (typeof EXCLUSIONS)[number];

export interface MatchReason {
  factor: MatchFactor;
  weight: number;
  points: number;
  detail: string;
}

export interface ParkScore {
  park: ParkFacts;
  score: number;
  /** How far capacity exceeds the need (a multiple; the capacity itself when no need is given); ties order by it. */
  headroom: number;
  reasons: MatchReason[];
}

/** A park's place in a ranking (score, headroom, name, id): where a page ends, and the next one starts after. */
export interface RankKey {
  score: number;
  headroom: number;
  name: string;
  id: string;
}

export interface Ranking {
  items: ParkScore[];
  excluded: Array<{ reason: Exclusion; count: number }>;
}

/** Chemicals and metals move by sea; so do export-oriented vehicles. */
const PORT_CLUSTERS = new Set(['chem', 'metals']);
const NEIGHBOURS: Record<ChainPosition, ChainPosition[]> = {
  upstream: ['midstream'],
  midstream: ['upstream', 'downstream'],
  downstream: ['midstream'],
};
const POSITION_NAMES: Record<ChainPosition, string> = { upstream: '上游', midstream: '中游', downstream: '下游' };
const ORDER: Record<ChainPosition, number> = { upstream: 0, midstream: 1, downstream: 2 };
/** Chinese names in pinyin order; one collator, built once (building one per comparison is slow). */
const NAME_ORDER = new Intl.Collator('zh-CN');
const round1 = (value: number): number => Math.round(value * 10) / 10;

/** Why `park` cannot host `profile`, or null when it can. */
export function exclusionOf(profile: MatchProfile, park: ParkFacts): Exclusion | null {
  if (!park.primaryClusters.has(profile.clusterCode) && !park.secondaryClusters.has(profile.clusterCode))
    return 'cluster_not_hosted';
  if (profile.hazardous && !park.hazardousChemicalsAllowed) return 'hazardous_not_allowed';
  if (profile.landNeedMu && park.landAvailableMu !== null && park.landAvailableMu < profile.landNeedMu)
    return 'land_below_need';
  if (profile.factoryNeedSqm && park.factoryAvailableSqm !== null && park.factoryAvailableSqm < profile.factoryNeedSqm)
    return 'factory_below_need';
  return null;
}

/** The score of a park that passed the hard constraints: the sum of its reasons' points. */
export function scorePark(
  profile: MatchProfile,
  park: ParkFacts,
  context: ChainContext,
  weights: MatchWeights,
): ParkScore {
  const fit = fitPark(profile, park, context, weights);
  return { park, score: fit.score, headroom: fit.headroom, reasons: fit.explain() };
}

/** A park's score, with its reasons' wording built only when asked: a ranking words the few parks it shows. */
interface ParkFit {
  park: ParkFacts;
  score: number;
  headroom: number;
  explain: () => MatchReason[];
}

/** A factor's share of its weight (0..1) and, lazily, why. */
interface FactorFit {
  share: number;
  detail: () => string;
}

function fitPark(profile: MatchProfile, park: ParkFacts, context: ChainContext, weights: MatchWeights): ParkFit {
  const primary = park.primaryClusters.has(profile.clusterCode);
  const focus = context.focusCities.get(profile.clusterCode)?.has(park.cityCode) ?? false;
  const ready = READINESS_ITEMS.filter((item) => park.readiness[item]).length;
  const headroom = headroomOf(profile, park);
  const fits: Record<MatchFactor, FactorFit> = {
    cluster: {
      share: primary ? 1 : 0.5,
      detail: () => (primary ? '园区主导产业与项目所属产业集群一致' : '园区兼顾该产业集群（非主导）'),
    },
    chain: chainFit(profile, park, context),
    focus: {
      share: focus ? 1 : 0,
      detail: () => (focus ? '所在城市是规划明确的该集群重点布局地' : '所在城市不在该集群的规划重点布局地'),
    },
    readiness: {
      share: ready / READINESS_ITEMS.length,
      detail: () => `五通一平完成 ${ready}/${READINESS_ITEMS.length}`,
    },
    logistics: logisticsFit(profile, park),
    headroom,
  };
  const points = (factor: MatchFactor) => round1(weights[factor] * Math.max(0, Math.min(1, fits[factor].share)));
  return {
    park,
    score: round1(MATCH_FACTORS.reduce((sum, factor) => sum + points(factor), 0)),
    headroom: headroom.value,
    explain: () =>
      MATCH_FACTORS.map((factor) => ({
        factor,
        weight: weights[factor],
        points: points(factor),
        detail: fits[factor].detail(),
      })),
  };
}

/** Every park scored or excluded; the best `limit`, by score, then headroom, then name (stable on ties). */
export function rankParks(
  profile: MatchProfile,
  parks: Iterable<ParkFacts>,
  context: ChainContext,
  weights: MatchWeights,
  limit: number,
  after?: RankKey,
): Ranking {
  const excludedCounts = new Map<Exclusion, number>();
  // The best `limit` so far, in rank order: kept by insertion, as a page is a handful out of thousands of parks.
  const best: ParkFit[] = [];
  for (const park of parks) {
    const exclusion = exclusionOf(profile, park);
    if (exclusion) {
      excludedCounts.set(exclusion, (excludedCounts.get(exclusion) ?? 0) + 1);
      continue;
    }
    const fit = fitPark(profile, park, context, weights);
    // A later page: only the parks ranked after the previous page's last one.
    if (after && rankOrder(keyOf(fit), after) <= 0) continue;
    if (best.length === limit && rankOrder(keyOf(fit), keyOf(best[limit - 1])) >= 0) continue;
    let at = best.length;
    while (at > 0 && rankOrder(keyOf(fit), keyOf(best[at - 1])) < 0) at--;
    best.splice(at, 0, fit);
    if (best.length > limit) best.pop();
  }
  return {
    items: best.map((fit) => ({ park: fit.park, score: fit.score, headroom: fit.headroom, reasons: fit.explain() })),
    excluded: EXCLUSIONS.filter((reason) => excludedCounts.has(reason)).map((reason) => ({
      reason,
      count: excludedCounts.get(reason)!,
    })),
  };
}

/** A ranked park's key, for the cursor of the page it ends. */
export function keyOf(fit: { park: Pick<ParkFacts, 'id' | 'name'>; score: number; headroom: number }): RankKey {
  return { score: fit.score, headroom: fit.headroom, name: fit.park.name, id: fit.park.id };
}

/** Higher score first, then more headroom, then name and id, so equal parks always come in the same order. */
function rankOrder(a: RankKey, b: RankKey): number {
  return (
    b.score - a.score || b.headroom - a.headroom || NAME_ORDER.compare(a.name, b.name) || Number(a.id) - Number(b.id)
  );
}

/** 补链/延链: the park already hosts the links next to the project's in the same chain. */
function chainFit(profile: MatchProfile, park: ParkFacts, context: ChainContext): FactorFit {
  const inCluster = [...park.segments].filter((segment) => context.segmentCluster.get(segment) === profile.clusterCode);
  const position = profile.segmentCode ? context.segmentPosition.get(profile.segmentCode) : undefined;
  if (!profile.segmentCode || !position) {
    return inCluster.length > 0
      ? { share: 0.5, detail: () => `园区已有该集群产业链环节：${names(inCluster, context)}` }
      : { share: 0, detail: () => '园区尚无该集群的产业链环节' };
  }
  const wanted = NEIGHBOURS[position];
  const found = wanted.filter((neighbour) =>
    inCluster.some((segment) => context.segmentPosition.get(segment) === neighbour),
  );
  const same = inCluster.includes(profile.segmentCode);
  const share = found.length / wanted.length + (same ? 0.25 : 0);
  if (found.length === 0)
    return {
      share,
      detail: () => (same ? '园区已有同环节企业（集聚），但无上下游配套' : '园区尚无该环节的上下游配套'),
    };
  const detail = () => {
    const parts = found.map((neighbour) => {
      const segments = inCluster.filter((segment) => context.segmentPosition.get(segment) === neighbour);
      // Links above the project's: it extends the park's chain (延链); links below: it supplies them (补链).
      const verb = ORDER[neighbour] < ORDER[position] ? '延链' : '补链';
      return `${verb}：园区已有${POSITION_NAMES[neighbour]}${names(segments, context)}`;
    });
    return `${parts.join('；')}${same ? '；并有同环节企业集聚' : ''}`;
  };
  return { share, detail };
}

function logisticsFit(profile: MatchProfile, park: ParkFacts): FactorFit {
  const wantsPort =
    profile.needsPort ??
    (PORT_CLUSTERS.has(profile.clusterCode) || (profile.clusterCode === 'auto' && Boolean(profile.exportOriented)));
  const wantsRail = Boolean(profile.needsRail);
  const wanted = [wantsPort && 'port', wantsRail && 'rail'].filter(Boolean) as Array<'port' | 'rail'>;
  if (wanted.length === 0) return { share: 1, detail: () => '无特殊物流要求' };
  const met = wanted.filter((need) => (need === 'port' ? park.portAccess : park.railAccess));
  const label = (need: 'port' | 'rail') => (need === 'port' ? '港口' : '铁路');
  return {
    share: met.length / wanted.length,
    detail: () =>
      `需要${wanted.map(label).join('、')}：${
        met.length === wanted.length
          ? '均具备'
          : `缺${wanted
              .filter((need) => !met.includes(need))
              .map(label)
              .join('、')}`
      }`,
  };
}

function headroomOf(profile: MatchProfile, park: ParkFacts): FactorFit & { value: number } {
  if (!profile.landNeedMu && !profile.factoryNeedSqm) {
    const known = (park.landAvailableMu ?? 0) + (park.factoryAvailableSqm ?? 0) / 666.67;
    return { share: known > 0 ? 0.5 : 0, value: known, detail: () => '项目未提出用地或厂房需求' };
  }
  const ratios: number[] = [];
  if (profile.landNeedMu && park.landAvailableMu !== null) ratios.push(park.landAvailableMu / profile.landNeedMu);
  if (profile.factoryNeedSqm && park.factoryAvailableSqm !== null)
    ratios.push(park.factoryAvailableSqm / profile.factoryNeedSqm);
  const detail = () => {
    const parts: string[] = [];
    if (profile.landNeedMu) {
      parts.push(
        park.landAvailableMu === null
          ? '可用土地未知'
          : `可用土地 ${park.landAvailableMu} 亩 / 需求 ${profile.landNeedMu} 亩`,
      );
    }
    if (profile.factoryNeedSqm) {
      parts.push(
        park.factoryAvailableSqm === null
          ? '标准厂房未知'
          : `标准厂房 ${park.factoryAvailableSqm} ㎡ / 需求 ${profile.factoryNeedSqm} ㎡`,
      );
    }
    return parts.join('；');
  };
  if (ratios.length === 0) return { share: 0, value: 0, detail };
  const value = Math.min(...ratios);
  // Twice the need or more is full headroom; just enough is none.
  return { share: value - 1, value, detail };
}

function names(segments: string[], context: ChainContext): string {
  return segments.map((segment) => context.segmentName.get(segment) ?? segment).join('、');
}
