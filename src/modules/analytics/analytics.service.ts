import { Injectable } from '@nestjs/common';
import { monthNumber, monthText } from '../../core/common/months';
import { JurisdictionScope, UnitRef } from '../../core/auth/jurisdiction-scope';
import type { AuthPrincipal } from '../../core/auth/principal';
import { shanghaiDate } from '../../core/common/deadline-calendar';
import { decodeCursor, encodeCursor, Page } from '../../core/common/pagination';
import { DomainException } from '../../core/errors/domain.exception';
import { OWNERSHIP_NAMES, Ownership } from '../../shared/company.constants';
import { SOURCE_KIND_NAMES, SourceKind } from '../../shared/lead.constants';
import { isClaimedStage } from '../../shared/signing-confirmation';
import { PIPELINE, STAGE_NAMES } from '../../shared/lead-stages';
import { RegionUnits } from '../regions/region-units';
import { AnalyticsEngine, MeasureFilter, MonthRange, nextMonth, quarterOf } from './analytics-engine';
import { AnalyticsRepository } from './analytics.repository';
import {
  AnalyticsFilterDto,
  BreakdownItemDto,
  BreakdownPageDto,
  BreakdownQueryDto,
  FunnelQueryDto,
  FunnelResponseDto,
  MeasuresDto,
  TrendQueryDto,
  TrendResponseDto,
} from './dto/analytics.dto';
import {
  DAY_BUCKETS,
  emptyMeasures,
  fromUnits,
  LOST_FROM_STAGES,
  Measures,
  measureIndex,
  quantileDays,
  TIMED_STAGES,
} from './lead-contribution';

const MAX_MONTHS = 120;
export const ratio = (part: number, whole: number): number | null =>
  whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
const pad = (n: number): string => String(n).padStart(2, '0');

/** What measuresOf reads: activity from the flow, rates from the cohort. */
export const ACTIVITY_MEASURES = [
  'n_lead',
  'n_signed',
  'a_signed',
  'funds',
  'invested',
  'n_construction',
  'n_production',
  'p_signed',
  'pa_signed',
  'p_construction',
  'p_production',
] as const;
const RATE_MEASURES = ['n_lead', 'n_contacted', 'n_site_visit', 'n_negotiating', 'n_signed'] as const;

/** Reads one measure of a total. */
export const measure = (measures: Measures, name: string): number => measures[measureIndex(name)];

/** The activity measures (flow) beside the conversion of the period's leads (cohort) of one group. */
export function measuresOf(flow: Measures, cohort: Measures): MeasuresDto {
  const created = measure(cohort, 'n_lead');
  return {
    newLeads: measure(flow, 'n_lead'),
    signedCount: measure(flow, 'n_signed'),
    signedAmount: fromUnits(measure(flow, 'a_signed')),
    signedPendingCount: measure(flow, 'p_signed'),
    signedPendingAmount: fromUnits(measure(flow, 'pa_signed')),
    fundsReceived: fromUnits(measure(flow, 'funds')),
    investmentCompleted: fromUnits(measure(flow, 'invested')),
    constructionStarts: measure(flow, 'n_construction'),
    productionStarts: measure(flow, 'n_production'),
    constructionPendingCount: measure(flow, 'p_construction'),
    productionPendingCount: measure(flow, 'p_production'),
    contactRate: ratio(measure(cohort, 'n_contacted'), created),
    siteVisitRate: ratio(measure(cohort, 'n_site_visit'), created),
    negotiationRate: ratio(measure(cohort, 'n_negotiating'), created),
    signingRate: ratio(measure(cohort, 'n_signed'), created),
  };
}

/**
 * The signing funnel, breakdowns and trends managers review. Every answer is confined to the caller's
 * jurisdiction and counts each project once, on the unit that holds it (its credit unit).
 */
@Injectable()
export class AnalyticsService {
  constructor(
    private readonly engine: AnalyticsEngine,
    private readonly repository: AnalyticsRepository,
    private readonly units: RegionUnits,
  ) {}

  async funnel(principal: AuthPrincipal, query: FunnelQueryDto): Promise<FunnelResponseDto> {
    const unit = await this.unitFor(principal, query.regionCode);
    const months = this.monthsOf(query);
    const totals =
      (await this.engine.totals(query.mode, months, unit, this.filterOf(query), null)).get('') ?? emptyMeasures();
    return {
      mode: query.mode,
      from: monthText(months.from),
      to: monthText(months.to),
      regionCode: unit.regionCode,
      ...funnelOf(totals, query.mode),
    };
  }

  async breakdown(principal: AuthPrincipal, query: BreakdownQueryDto): Promise<BreakdownPageDto> {
    const unit = await this.unitFor(principal, query.regionCode);
    const months = this.monthsOf(query);
    const filter = this.filterOf(query);
    const [flow, cohort] = await Promise.all([
      this.engine.totals('flow', months, unit, filter, query.dimension, { measures: ACTIVITY_MEASURES }),
      this.engine.totals('cohort', months, unit, filter, query.dimension, { measures: RATE_MEASURES }),
    ]);
    // By key industrial county: each of them inside the unit, with its figures or zeros; other units are left out.
    const keys =
      query.dimension === 'keyCounty'
        ? await this.repository.keyIndustrialCounties(unit)
        : [...new Set([...flow.keys(), ...cohort.keys()])].sort();
    const after = query.cursor === undefined ? undefined : String(decodeCursor(query.cursor, 1)[0]);
    const remaining = after === undefined ? keys : keys.filter((key) => key > after);
    const page = remaining.slice(0, query.limit);
    const names = await this.namesOf(query.dimension, page, unit);
    const items: BreakdownItemDto[] = page.map((key) => ({
      key: key === '' ? unit.regionCode : key,
      name: names.get(key) ?? key,
      ...measuresOf(flow.get(key) ?? emptyMeasures(), cohort.get(key) ?? emptyMeasures()),
    }));
    const result: Page<BreakdownItemDto> = {
      items,
      nextCursor: remaining.length > query.limit ? encodeCursor([page[page.length - 1]]) : null,
    };
    return { dimension: query.dimension, ...result };
  }

  async trend(principal: AuthPrincipal, query: TrendQueryDto): Promise<TrendResponseDto> {
    const unit = await this.unitFor(principal, query.regionCode);
    const months = this.monthsOf(query);
    const filter = this.filterOf(query);
    const [flow, cohort] = await Promise.all([
      this.engine.totals('flow', months, unit, filter, query.interval, { measures: ACTIVITY_MEASURES }),
      this.engine.totals('cohort', months, unit, filter, query.interval, { measures: RATE_MEASURES }),
    ]);
    const periods: string[] = [];
    for (let month = months.from; month <= months.to; month = nextMonth(month)) {
      const period = query.interval === 'month' ? String(month) : quarterOf(month);
      if (!periods.includes(period)) periods.push(period);
    }
    return {
      interval: query.interval,
      items: periods.map((period) => ({
        period: query.interval === 'month' ? monthText(Number(period)) : period,
        ...measuresOf(flow.get(period) ?? emptyMeasures(), cohort.get(period) ?? emptyMeasures()),
      })),
    };
  }

  /** The unit asked about: the caller's own, or one inside their jurisdiction. */
  async unitFor(principal: AuthPrincipal, regionCode: string | undefined): Promise<UnitRef> {
    const own: UnitRef = { regionCode: principal.regionCode, cityCode: principal.cityCode };
    if (regionCode === undefined || regionCode === principal.regionCode) return own;
    const unit = await this.units.require(regionCode);
    if (!JurisdictionScope.forPrincipal(principal).contains(unit)) {
      throw DomainException.notPermitted('regionCode', 'is outside your jurisdiction');
    }
    return unit;
  }

  monthsOf(query: Pick<AnalyticsFilterDto, 'from' | 'to'>): MonthRange {
    const today = shanghaiDate(new Date());
    const to = query.to ? monthNumber(query.to) : monthNumber(today);
    const from = query.from ? monthNumber(query.from) : Number(today.slice(0, 4)) * 100 + 1;
    if (from > to) throw DomainException.validation('from', 'notAfterTo', 'must not be after to');
    const span = (Math.floor(to / 100) - Math.floor(from / 100)) * 12 + (to % 100) - (from % 100) + 1;
    if (span > MAX_MONTHS)
      throw DomainException.validation('from', 'maxSpan', `the period may span at most ${MAX_MONTHS} months`);
    return { from, to };
  }

  private filterOf(query: AnalyticsFilterDto): MeasureFilter {
    return {
      clusterCode: query.clusterCode,
      sourceKind: query.sourceKind,
      chamberId: query.chamberId,
      ownership: query.ownership,
      teamId: query.teamId,
    };
  }

  /** Chinese names for a breakdown's keys ('' is the unit itself: its own projects, 本级). */
  private async namesOf(
    dimension: BreakdownQueryDto['dimension'],
    keys: string[],
    unit: UnitRef,
  ): Promise<Map<string, string>> {
    switch (dimension) {
      case 'region': {
        const names = await this.repository.names('regions', [...keys.filter(Boolean), unit.regionCode]);
        // A region's or city's own projects (本级) sit beside its sub-units'; a county has only its own.
        if (JurisdictionScope.of(unit).level === 'county') return names;
        const own = `${names.get(unit.regionCode) ?? unit.regionCode}本级`;
        names.set('', own);
        if (keys.includes(unit.regionCode)) names.set(unit.regionCode, own);
        return names;
      }
      case 'keyCounty':
        return this.repository.names('regions', keys);
      case 'cluster':
        return this.repository.names('clusters', keys);
      case 'chamber':
        return this.repository.names('chambers', keys);
      case 'team':
        return this.repository.names('teams', keys);
      case 'source':
        return new Map(keys.map((key) => [key, SOURCE_KIND_NAMES[key as SourceKind] ?? key]));
      case 'ownership':
        return new Map(keys.map((key) => [key, OWNERSHIP_NAMES[key as Ownership] ?? key]));
    }
  }
}

/** The funnel of a total: stage counts and amounts, conversion, days to the next stage, losses and holds. */
export function funnelOf(
  totals: Measures,
  mode: 'cohort' | 'flow',
): Pick<FunnelResponseDto, 'stages' | 'lost' | 'onHold'> {
  const stages = PIPELINE.map((stage, index) => {
    const count = measure(totals, `n_${stage}`);
    const previous = index === 0 ? null : measure(totals, `n_${PIPELINE[index - 1]}`);
    const histogram = TIMED_STAGES.includes(stage)
      ? Array.from({ length: DAY_BUCKETS }, (_, bucket) => measure(totals, `d_${stage}_${pad(bucket)}`))
      : [];
    return {
      stage,
      name: STAGE_NAMES[stage],
      count,
      amount: fromUnits(measure(totals, `a_${stage}`)),
      pendingCount: isClaimedStage(stage) ? measure(totals, `p_${stage}`) : 0,
      pendingAmount: stage === 'signed' ? fromUnits(measure(totals, 'pa_signed')) : 0,
      conversionFromPrevious: previous === null ? null : ratio(count, previous),
      medianDaysToNext: quantileDays(histogram, 0.5),
      p90DaysToNext: quantileDays(histogram, 0.9),
    };
  });
  return {
    stages,
    lost: {
      count: measure(totals, 'n_lost'),
      amount: fromUnits(measure(totals, 'a_lost')),
      byStage: LOST_FROM_STAGES.map((stage) => ({ stage, count: measure(totals, `lost_from_${stage}`) })),
    },
    onHold: {
      count: measure(totals, 'n_on_hold'),
      amount: fromUnits(measure(totals, 'a_on_hold')),
      resumed: measure(totals, 'n_resumed'),
      current: mode === 'cohort' ? measure(totals, 'n_on_hold_now') : null,
    },
  };
}
