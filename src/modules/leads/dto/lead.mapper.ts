import { JurisdictionScope } from '../../../core/auth/jurisdiction-scope';
import { decimalToNumber, idOrNull, isoOrNull } from '../../../core/common/validators';
import type { LeadEntity } from '../lead.entity';
import type { StallJudge } from '../../stall-rules/stall-judge';
import type { LeadResponseDto } from './lead.dto';

export type LeadRow = Omit<LeadEntity, 'company' | 'cluster' | 'region' | 'owner' | 'sourceChamber' | 'sourceVisit'> & {
  companyName: string;
  /** The owner's display name, where the query read it (the lead queries join it). */
  ownerName?: string | null;
};

/** What a confidential lead is called where its company may not be named. */
export const CONFIDENTIAL_NAME = '保密项目';

/** A lead's name in messages and rankings read by others: its code name when confidential. */
export function leadLabel(lead: Pick<LeadRow, 'title' | 'confidential' | 'codeName'>): string {
  return lead.confidential ? (lead.codeName ?? CONFIDENTIAL_NAME) : lead.title;
}

/**
 * Whether `viewer` sees a confidential lead's company: only from the holding unit's chain (the unit itself and
 * the units above it), which is what a jurisdiction scope containing the lead means.
 */
export function seesConfidentialCompany(
  viewer: JurisdictionScope,
  lead: Pick<LeadRow, 'confidential' | 'regionCode' | 'cityCode'>,
): boolean {
  return !lead.confidential || viewer.contains(lead);
}

/** A lead's name as `viewer` may read it: its title, or its code name outside a confidential lead's chain. */
export function leadNameFor(
  viewer: JurisdictionScope,
  lead: Pick<LeadRow, 'title' | 'confidential' | 'codeName' | 'regionCode' | 'cityCode'>,
): string {
  return seesConfidentialCompany(viewer, lead) ? lead.title : (lead.codeName ?? CONFIDENTIAL_NAME);
}

export interface LeadView {
  /** The viewer's unit works on the lead with the holder (collaborator, sender, receiver), so sees it unmasked. */
  participant?: boolean;
  /** The stall rules in force, judged now: the health field (三色预警) and the tier. */
  stall: StallJudge;
}

export function mapLead(row: LeadRow, viewer: JurisdictionScope, view: LeadView): LeadResponseDto {
  const visible = view.participant || seesConfidentialCompany(viewer, row);
  const signedAmount = decimalToNumber(row.signedAmount);
  const funds = Number(row.fundsReceivedTotal);
  return {
    id: String(row.id),
    companyId: visible ? String(row.companyId) : null,
    companyName: visible ? row.companyName : (row.codeName ?? CONFIDENTIAL_NAME),
    masked: !visible,
    ownership: row.ownership,
    title: visible ? row.title : (row.codeName ?? CONFIDENTIAL_NAME),
    clusterCode: row.clusterCode,
    segmentCode: row.segmentCode,
    source: {
      kind: row.sourceKind,
      chamberId: idOrNull(row.sourceChamberId),
      visitId: idOrNull(row.sourceVisitId),
      note: row.sourceNote,
    },
    expectedInvestment: decimalToNumber(row.expectedInvestment),
    landNeedMu: decimalToNumber(row.landNeedMu),
    factoryNeedSqm: decimalToNumber(row.factoryNeedSqm),
    categories: row.categories,
    regionCode: row.regionCode,
    ownerUserId: idOrNull(row.ownerUserId),
    ownerName: row.ownerName ?? null,
    nextFollowUpAt: isoOrNull(row.nextFollowUpAt),
    confidential: Boolean(row.confidential),
    codeName: row.codeName,
    stage: row.stage,
    stageBeforeHold: row.stageBeforeHold,
    stageEnteredAt: row.stageEnteredAt.toISOString(),
    siteVisitAt: isoOrNull(row.siteVisitAt),
    signedAt: isoOrNull(row.signedAt),
    signedAmount,
    parkId: idOrNull(row.parkId),
    parkName: row.parkName,
    constructionStartedAt: isoOrNull(row.constructionStartedAt),
    producedAt: isoOrNull(row.producedAt),
    lostReason: row.lostReason,
    fundsReceivedTotal: funds,
    fundsReceivedShare: signedAmount ? Math.round((funds / signedAmount) * 10_000) / 10_000 : null,
    investmentCompletedTotal: Number(row.investmentCompletedTotal),
    chamberFeedbackDueAt: isoOrNull(row.chamberFeedbackDueAt),
    chamberFeedbackGivenAt: isoOrNull(row.chamberFeedbackGivenAt),
    pendingDispatchId: idOrNull(row.pendingDispatchId),
    pendingClaimId: idOrNull(row.pendingClaimId),
    inConflict: Boolean(row.inConflict),
    mergedIntoLeadId: idOrNull(row.mergedIntoLeadId),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    lastActivityAt: row.lastActivityAt.toISOString(),
    fitScore: decimalToNumber(row.fitScore ?? null),
    fitSummary: row.fitSummary ?? null,
    tier: view.stall.tierOf(row.expectedInvestment),
    health: view.stall.health(row.stage, row.expectedInvestment, row.lastActivityAt),
  };
}
