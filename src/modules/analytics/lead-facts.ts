// A lead's analytics facts, derived from its row, stage events and funds, and their compact stored form.
import type { Stage } from '../../shared/lead-stages';
import { PIPELINE } from '../../shared/lead-stages';
import type { ClaimedStage, EventConfirmation } from '../../shared/signing-confirmation';
import { monthOf } from '../../core/common/months';
import { COUNTED_STAGES, CountedStage, LeadFacts, LOST_FROM_STAGES, toUnits } from './lead-contribution';

export interface FactsSource {
  lead: {
    id: string;
    regionCode: string;
    cityCode: string | null;
    clusterCode: string;
    sourceKind: string;
    ownership: string;
    sourceChamberId: string | null;
    stage: Stage;
    mergedIntoLeadId: string | null;
    expectedInvestment: string | null;
    signedAmount: string | null;
    categories: string[];
    createdAt: Date;
  };
  /** In the order they happened. */
  events: Array<{ fromStage: Stage | null; toStage: Stage; at: Date; confirmation?: EventConfirmation }>;
  funds: Array<{ amount: string; receivedAt: Date }>;
  /** 完成投资 rows: one per month (yyyymm). */
  investments: Array<{ month: number; amount: string }>;
  teamId: string | null;
}

export function factsOf({ lead, events, funds, investments, teamId }: FactsSource): LeadFacts {
  const reached: LeadFacts['reached'] = { lead: lead.createdAt };
  const pending: LeadFacts['pending'] = {};
  let resumedAt: Date | null = null;
  let lostFrom: LeadFacts['lostFrom'] = null;
  // Building from each entry into construction; a hold keeps it building, any other move ends it.
  let building = false;
  let constructionEndedAt: Date | null = null;
  for (const event of events) {
    // 甄别确认: a claim sent back never happened; one still waiting is counted beside the figures, not in them.
    if (event.confirmation === 'returned') continue;
    if (event.confirmation === 'pending') {
      const claimed = event.toStage as ClaimedStage;
      if (!reached[claimed] && !pending[claimed]) pending[claimed] = event.at;
      continue;
    }
    if (event.toStage === 'construction') {
      building = true;
      constructionEndedAt = null;
    } else if (building && event.toStage !== 'on_hold') {
      building = false;
      constructionEndedAt = event.at;
    }
    const stage = event.toStage as CountedStage;
    if (COUNTED_STAGES.includes(stage) && stage !== 'lead' && !reached[stage]) reached[stage] = event.at;
    if (event.fromStage === 'on_hold' && PIPELINE.includes(event.toStage as never) && !resumedAt) resumedAt = event.at;
    if (event.toStage === 'lost' && LOST_FROM_STAGES.includes(event.fromStage as never))
      lostFrom = event.fromStage as LeadFacts['lostFrom'];
  }
  // Lost is final: an event to it that a later one undid (none can today) would not count.
  if (lead.stage !== 'lost') {
    delete reached.lost;
    lostFrom = null;
  }
  // 到资 belongs to a signing and 完成投资 to a construction: they count once that stage is confirmed (甄别确认).
  const fundsByMonth: Record<string, number> = {};
  for (const fund of reached.signed ? funds : []) {
    const month = String(monthOf(fund.receivedAt));
    fundsByMonth[month] = (fundsByMonth[month] ?? 0) + toUnits(fund.amount);
  }
  const investedByMonth: Record<string, number> = {};
  for (const investment of reached.construction ? investments : []) {
    const month = String(investment.month);
    investedByMonth[month] = (investedByMonth[month] ?? 0) + toUnits(investment.amount);
  }
  return {
    leadId: String(lead.id),
    credited: lead.mergedIntoLeadId === null,
    regionCode: lead.regionCode,
    cityCode: lead.cityCode ?? '',
    clusterCode: lead.clusterCode,
    sourceKind: lead.sourceKind,
    ownership: lead.ownership,
    chamberId: lead.sourceChamberId === null ? '0' : String(lead.sourceChamberId),
    teamId: teamId === null ? '0' : String(teamId),
    categories: [...lead.categories].sort(),
    createdAt: lead.createdAt,
    reached,
    pending,
    resumedAt,
    lostFrom,
    onHoldNow: lead.stage === 'on_hold',
    expectedUnits: toUnits(lead.expectedInvestment),
    signedUnits: toUnits(lead.signedAmount),
    fundsByMonth,
    investedByMonth,
    constructionEndedAt,
  };
}

/** The JSON kept in analytics_lead_facts.facts: times as epoch milliseconds, short keys (a million rows). */
export interface StoredFacts {
  r: Partial<Record<CountedStage, number>>;
  /** Claimed stages waiting for confirmation; absent when none. */
  p?: Partial<Record<ClaimedStage, number>>;
  res: number | null;
  lf: LeadFacts['lostFrom'];
  h: 0 | 1;
  e: number;
  s: number;
  f: Record<string, number>;
  /** 完成投资 by month; absent in facts stored before it was recorded. */
  iv?: Record<string, number>;
  /** When building ended (epoch ms); absent while building, never built, or stored before it was kept. */
  ce?: number;
  c: string[];
}

export function storeFacts(facts: LeadFacts): StoredFacts {
  const r: StoredFacts['r'] = {};
  for (const [stage, at] of Object.entries(facts.reached)) r[stage as CountedStage] = at.getTime();
  const p: StoredFacts['p'] = {};
  for (const [stage, at] of Object.entries(facts.pending)) p[stage as ClaimedStage] = at.getTime();
  return {
    r,
    ...(Object.keys(p).length > 0 ? { p } : {}),
    res: facts.resumedAt?.getTime() ?? null,
    lf: facts.lostFrom,
    h: facts.onHoldNow ? 1 : 0,
    e: facts.expectedUnits,
    s: facts.signedUnits,
    f: facts.fundsByMonth,
    ...(Object.keys(facts.investedByMonth).length > 0 ? { iv: facts.investedByMonth } : {}),
    ...(facts.constructionEndedAt ? { ce: facts.constructionEndedAt.getTime() } : {}),
    c: facts.categories,
  };
}

export interface FactsRow {
  leadId: string;
  credited: boolean | number;
  regionCode: string;
  cityCode: string;
  clusterCode: string;
  sourceKind: string;
  ownership: string;
  chamberId: string;
  teamId: string;
  leadCreatedAt: Date;
  facts: StoredFacts | string;
}

export function factsFromRow(row: FactsRow): LeadFacts {
  const stored = (typeof row.facts === 'string' ? JSON.parse(row.facts) : row.facts) as StoredFacts;
  const reached: LeadFacts['reached'] = {};
  for (const [stage, at] of Object.entries(stored.r)) reached[stage as CountedStage] = new Date(at);
  const pending: LeadFacts['pending'] = {};
  for (const [stage, at] of Object.entries(stored.p ?? {})) pending[stage as ClaimedStage] = new Date(at);
  return {
    leadId: String(row.leadId),
    credited: Boolean(Number(row.credited)),
    regionCode: row.regionCode,
    cityCode: row.cityCode,
    clusterCode: row.clusterCode,
    sourceKind: row.sourceKind,
    ownership: row.ownership,
    chamberId: String(row.chamberId),
    teamId: String(row.teamId),
    categories: stored.c,
    createdAt: new Date(row.leadCreatedAt),
    reached,
    pending,
    resumedAt: stored.res === null ? null : new Date(stored.res),
    lostFrom: stored.lf,
    onHoldNow: stored.h === 1,
    expectedUnits: stored.e,
    signedUnits: stored.s,
    fundsByMonth: stored.f,
    investedByMonth: stored.iv ?? {},
    constructionEndedAt: stored.ce === undefined ? null : new Date(stored.ce),
  };
}
