// What one credited lead adds to the analytics roll-ups: pure functions, so the roll-up tables, the fallback
// over the per-lead facts and the tests all count the same way.
import { shanghaiDate } from '../../core/common/deadline-calendar';
import { monthOf } from '../../core/common/months';
import { PIPELINE, PipelineStage } from '../../shared/lead-stages';
import type { ClaimedStage } from '../../shared/signing-confirmation';

/** Stages whose first entry is counted: the pipeline and the two off-ramps. */
export const COUNTED_STAGES = [...PIPELINE, 'on_hold', 'lost'] as const;
export type CountedStage = (typeof COUNTED_STAGES)[number];
/** Where a lost lead was when it was dropped. */
export const LOST_FROM_STAGES = [
  'lead',
  'contacted',
  'site_visit',
  'negotiating',
  'signed',
  'construction',
  'on_hold',
] as const;
/** Pipeline stages with a next one: the days from entering each to entering the next are histogrammed. */
export const TIMED_STAGES = PIPELINE.slice(0, -1) as readonly PipelineStage[];

/**
 * Upper bounds (days, inclusive) of the days-to-next histogram; a last bucket holds everything longer. Medians
 * and p90s are read off it as "within N days": exact for short waits, within a bucket beyond a week.
 */
export const DAY_BUCKET_BOUNDS = [0, 1, 2, 3, 5, 7, 10, 14, 21, 30, 60, 90, 180, 365, 730] as const;
export const DAY_BUCKETS = DAY_BUCKET_BOUNDS.length + 1;
/** Reported for the overflow bucket: more than two years. */
export const BEYOND_LAST_BOUND = 731;

const pad = (n: number): string => String(n).padStart(2, '0');

/** The measure columns of a roll-up cell, in a fixed order. Amounts are held in 1/10000 亿元 (integers). */
export const MEASURES = [
  ...COUNTED_STAGES.map((stage) => `n_${stage}`),
  ...COUNTED_STAGES.map((stage) => `a_${stage}`),
  'n_resumed',
  'n_on_hold_now',
  ...LOST_FROM_STAGES.map((stage) => `lost_from_${stage}`),
  'funds',
  'n_construction_ended',
  'invested',
  // Claims waiting for 甄别确认, at the month of the stage they claim (a state: confirmed, they count as n_<stage>).
  'p_signed',
  'pa_signed',
  'p_construction',
  'p_production',
  ...TIMED_STAGES.flatMap((stage) => Array.from({ length: DAY_BUCKETS }, (_, bucket) => `d_${stage}_${pad(bucket)}`)),
] as const;
export type Measure = string;
export const AMOUNT_MEASURES = new Set<string>([
  ...COUNTED_STAGES.map((stage) => `a_${stage}`),
  'funds',
  'invested',
  'pa_signed',
]);
const MEASURE_INDEX = new Map<string, number>(MEASURES.map((name, index) => [name, index]));

export type Measures = number[];
export const emptyMeasures = (): Measures => new Array<number>(MEASURES.length).fill(0);
export const measureIndex = (name: string): number => MEASURE_INDEX.get(name)!;

/** 亿元 as integer ten-thousandths, so sums stay exact. */
export const toUnits = (amount: number | string | null): number =>
  amount === null ? 0 : Math.round(Number(amount) * 10_000);
export const fromUnits = (units: number): number => units / 10_000;

export function addInto(target: Measures, source: Measures, sign = 1): void {
  for (let i = 0; i < target.length; i++) target[i] += sign * source[i];
}

export const isZero = (measures: Measures): boolean => measures.every((value) => value === 0);

export type Basis = 'cohort' | 'flow';
export const BASIS_CODE: Record<Basis, number> = { cohort: 0, flow: 1 };

/** The dimensions a cell may be keyed by; a pattern keys by some of them and leaves the rest blank. */
export const DIMENSIONS = ['unit', 'city', 'cluster', 'source', 'ownership', 'chamber', 'team', 'category'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/**
 * The roll-ups kept (grouping sets). A query is answered from the narrowest one holding every dimension it filters
 * or groups by; anything else (a county with two filters, a chamber and a cluster) reads the per-lead facts, which
 * such filters make few. Numbers are stored in the cells: append new patterns, never renumber.
 */
export const PATTERNS: ReadonlyArray<{ id: number; dims: readonly Dimension[]; flowOnly?: boolean }> = [
  { id: 0, dims: ['unit', 'city'] },
  { id: 1, dims: ['city', 'cluster'] },
  { id: 2, dims: ['city', 'source'] },
  { id: 3, dims: ['city', 'ownership'] },
  { id: 4, dims: ['city', 'cluster', 'source', 'ownership'] },
  { id: 5, dims: ['city', 'chamber'] },
  { id: 6, dims: ['city', 'team'] },
  // Targets: activity per unit and project category ('all' for every project).
  { id: 7, dims: ['unit', 'city', 'category'], flowOnly: true },
  { id: 8, dims: ['unit', 'city', 'cluster'] },
  { id: 9, dims: ['unit', 'city', 'source'] },
  { id: 10, dims: ['unit', 'city', 'ownership'] },
  // Chambers across Guangxi: the city-keyed roll-up holds fifteen times the cells.
  { id: 11, dims: ['chamber'] },
];

/** Everything the roll-ups need to know about one lead, read from the lead, its stage events and its funds. */
export interface LeadFacts {
  leadId: string;
  /** False for a lead merged into another by a 撞单 ruling: the winner carries the project. */
  credited: boolean;
  /** The holding unit (credit unit) and its city ('' for the region itself). */
  regionCode: string;
  cityCode: string;
  clusterCode: string;
  sourceKind: string;
  ownership: string;
  /** '0' when none. */
  chamberId: string;
  teamId: string;
  categories: string[];
  createdAt: Date;
  /**
   * First entry into each stage reached (skipped stages are entered at the same instant); 签约, 开工 and 投产 only
   * once confirmed (甄别确认).
   */
  reached: Partial<Record<CountedStage, Date>>;
  /** Entries into a claimed stage whose claim waits for confirmation. */
  pending: Partial<Record<ClaimedStage, Date>>;
  resumedAt: Date | null;
  lostFrom: (typeof LOST_FROM_STAGES)[number] | null;
  onHoldNow: boolean;
  expectedUnits: number;
  signedUnits: number;
  /** Funds received by Shanghai month (yyyymm), in units. */
  fundsByMonth: Record<string, number>;
  /** 完成投资 by the month it was completed in (yyyymm), in units. */
  investedByMonth: Record<string, number>;
  /**
   * When the project last stopped building (production, a loss, a move back before construction) and did not build
   * again; null while it builds or if it never did. With `n_construction` it says how many were building in any
   * span of months.
   */
  constructionEndedAt: Date | null;
}

export interface CellKey {
  pattern: number;
  basis: number;
  month: number;
  regionCode: string;
  cityCode: string;
  clusterCode: string;
  sourceKind: string;
  ownership: string;
  chamberId: string;
  teamId: string;
  category: string;
}

export interface Cell {
  key: CellKey;
  measures: Measures;
}

/** The latest thing that happened to a lead: a stage entry, a resume or a receipt of funds (its month's middle). */
export function lastEventOf(facts: LeadFacts): Date {
  const times = [
    facts.createdAt,
    ...Object.values(facts.reached),
    ...Object.values(facts.pending),
    ...(facts.resumedAt ? [facts.resumedAt] : []),
    ...Object.keys(facts.fundsByMonth).map((month) => monthStart(Number(month))),
    ...Object.keys(facts.investedByMonth).map((month) => monthStart(Number(month))),
  ];
  return new Date(Math.max(...times.map((time) => time.getTime())));
}

/** Whole days between the Shanghai calendar dates of two instants. */
export function daysBetween(from: Date, to: Date): number {
  return Math.round((Date.parse(shanghaiDate(to)) - Date.parse(shanghaiDate(from))) / 86_400_000);
}

export function dayBucket(days: number): number {
  const index = DAY_BUCKET_BOUNDS.findIndex((bound) => days <= bound);
  return index === -1 ? DAY_BUCKET_BOUNDS.length : index;
}

/**
 * The bucket bound holding the `share` quantile (nearest rank) of a histogram, or null when it is empty: "half of
 * them moved on within N days".
 */
export function quantileDays(histogram: readonly number[], share: number): number | null {
  const total = histogram.reduce((sum, n) => sum + n, 0);
  if (total === 0) return null;
  const rank = Math.ceil(share * total);
  let seen = 0;
  for (let bucket = 0; bucket < histogram.length; bucket++) {
    seen += histogram[bucket];
    if (seen >= rank) return bucket < DAY_BUCKET_BOUNDS.length ? DAY_BUCKET_BOUNDS[bucket] : BEYOND_LAST_BOUND;
  }
  return BEYOND_LAST_BOUND;
}

/**
 * A stage's amount: the expected investment before signing, the contract amount from signing on. A hold or loss
 * carries the amount the project had then: the contract amount only if it had been signed before.
 */
function stageAmount(facts: LeadFacts, stage: CountedStage): number {
  if (stage === 'on_hold' || stage === 'lost') {
    const signed = facts.reached.signed;
    return signed && signed <= facts.reached[stage]! ? facts.signedUnits : facts.expectedUnits;
  }
  return PIPELINE.indexOf(stage) >= PIPELINE.indexOf('signed') ? facts.signedUnits : facts.expectedUnits;
}

/**
 * The measures one lead adds in each month of a basis. Cohort: everything at the month it was created (how far
 * the leads created then got). Flow: each first stage entry, resume and receipt of funds at its own month.
 */
export function measuresByMonth(facts: LeadFacts, basis: Basis): Map<number, Measures> {
  const months = new Map<number, Measures>();
  const cohortMonth = monthOf(facts.createdAt);
  const at = (when: Date): Measures => {
    const month = basis === 'cohort' ? cohortMonth : monthOf(when);
    let measures = months.get(month);
    if (!measures) months.set(month, (measures = emptyMeasures()));
    return measures;
  };
  for (const stage of COUNTED_STAGES) {
    const entered = facts.reached[stage];
    if (!entered) continue;
    const measures = at(entered);
    measures[measureIndex(`n_${stage}`)] += 1;
    measures[measureIndex(`a_${stage}`)] += stageAmount(facts, stage);
  }
  for (const [index, stage] of TIMED_STAGES.entries()) {
    const entered = facts.reached[stage];
    const next = facts.reached[PIPELINE[index + 1]];
    if (entered && next) at(entered)[measureIndex(`d_${stage}_${pad(dayBucket(daysBetween(entered, next)))}`)] += 1;
  }
  if (facts.resumedAt) at(facts.resumedAt)[measureIndex('n_resumed')] += 1;
  if (facts.lostFrom && facts.reached.lost) at(facts.reached.lost)[measureIndex(`lost_from_${facts.lostFrom}`)] += 1;
  // A state, not an event: only the cohort view says how many of its leads are on hold now.
  if (facts.onHoldNow && basis === 'cohort') at(facts.createdAt)[measureIndex('n_on_hold_now')] += 1;
  for (const [month, units] of Object.entries(facts.fundsByMonth)) {
    const measures = basis === 'cohort' ? at(facts.createdAt) : at(monthStart(Number(month)));
    measures[measureIndex('funds')] += units;
  }
  for (const [stage, entered] of Object.entries(facts.pending) as Array<[ClaimedStage, Date]>) {
    const measures = at(entered);
    measures[measureIndex(`p_${stage}`)] += 1;
    if (stage === 'signed') measures[measureIndex('pa_signed')] += facts.signedUnits;
  }
  if (facts.constructionEndedAt) at(facts.constructionEndedAt)[measureIndex('n_construction_ended')] += 1;
  for (const [month, units] of Object.entries(facts.investedByMonth)) {
    const measures = basis === 'cohort' ? at(facts.createdAt) : at(monthStart(Number(month)));
    measures[measureIndex('invested')] += units;
  }
  return months;
}

/** An instant inside a yyyymm month (its 15th, noon Shanghai), to reuse the month lookup above. */
function monthStart(month: number): Date {
  return new Date(Date.UTC(Math.floor(month / 100), (month % 100) - 1, 15, 4));
}

const BLANK_KEY: Omit<CellKey, 'pattern' | 'basis' | 'month'> = {
  regionCode: '',
  cityCode: '',
  clusterCode: '',
  sourceKind: '',
  ownership: '',
  chamberId: '0',
  teamId: '0',
  category: '',
};

/** The dimension values a lead has, as cell key fields. */
function dimensionValues(facts: LeadFacts): Omit<CellKey, 'pattern' | 'basis' | 'month' | 'category'> {
  return {
    regionCode: facts.regionCode,
    cityCode: facts.cityCode,
    clusterCode: facts.clusterCode,
    sourceKind: facts.sourceKind,
    ownership: facts.ownership,
    chamberId: facts.chamberId,
    teamId: facts.teamId,
  };
}

const DIMENSION_FIELD: Record<Dimension, keyof CellKey> = {
  unit: 'regionCode',
  city: 'cityCode',
  cluster: 'clusterCode',
  source: 'sourceKind',
  ownership: 'ownership',
  chamber: 'chamberId',
  team: 'teamId',
  category: 'category',
};
export const fieldOfDimension = (dimension: Dimension): keyof CellKey => DIMENSION_FIELD[dimension];

/** Every roll-up cell a lead contributes to, with what it contributes. An uncredited lead contributes nothing. */
export function contributions(facts: LeadFacts | null): Cell[] {
  if (!facts || !facts.credited) return [];
  const values = dimensionValues(facts);
  const cells: Cell[] = [];
  for (const basis of ['cohort', 'flow'] as const) {
    const byMonth = measuresByMonth(facts, basis);
    for (const pattern of PATTERNS) {
      if (pattern.flowOnly && basis !== 'flow') continue;
      if (pattern.dims.includes('chamber') && facts.chamberId === '0') continue;
      if (pattern.dims.includes('team') && facts.teamId === '0') continue;
      const categories = pattern.dims.includes('category') ? ['all', ...facts.categories] : [''];
      for (const category of categories) {
        const key: Omit<CellKey, 'month'> = { pattern: pattern.id, basis: BASIS_CODE[basis], ...BLANK_KEY };
        for (const dimension of pattern.dims) {
          if (dimension !== 'category')
            Object.assign(key, {
              [DIMENSION_FIELD[dimension]]: values[DIMENSION_FIELD[dimension] as keyof typeof values],
            });
        }
        key.category = category;
        // The patterns share one measures array per month: cells are read, never changed, by their consumers.
        for (const [month, measures] of byMonth) cells.push({ key: { ...key, month }, measures });
      }
    }
  }
  return cells;
}

export const cellKeyText = (key: CellKey): string =>
  [
    key.pattern,
    key.basis,
    key.month,
    key.regionCode,
    key.cityCode,
    key.clusterCode,
    key.sourceKind,
    key.ownership,
    key.chamberId,
    key.teamId,
    key.category,
  ].join('|');

/**
 * What must change in the roll-ups when a lead's facts go from `before` to `after` (either may be null: a new
 * lead, a lead no longer credited), summed over many leads, zero cells dropped, in key order so concurrent
 * writers lock cells in the same order.
 */
export function cellDeltas(changes: Array<{ before: LeadFacts | null; after: LeadFacts | null }>): Cell[] {
  const byKey = new Map<string, Cell>();
  const add = (cells: Cell[], sign: number): void => {
    for (const cell of cells) {
      const text = cellKeyText(cell.key);
      const existing = byKey.get(text);
      if (existing) addInto(existing.measures, cell.measures, sign);
      else byKey.set(text, { key: cell.key, measures: cell.measures.map((value) => (value === 0 ? 0 : sign * value)) });
    }
  };
  for (const change of changes) {
    add(contributions(change.before), -1);
    add(contributions(change.after), 1);
  }
  return [...byKey.entries()]
    .filter(([, cell]) => !isZero(cell.measures))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, cell]) => cell);
}
