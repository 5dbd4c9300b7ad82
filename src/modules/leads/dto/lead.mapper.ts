import { JurisdictionScope } from '../../../core/auth/jurisdiction-scope';
import { decimalToNumber } from '../../../core/common/validators';
import type { LeadEntity } from '../lead.entity';
import { leadHealth, StallThresholds } from '../lead-health';
import type { LeadResponseDto } from './lead.dto';

export type LeadRow = Omit<LeadEntity, 'company' | 'cluster' | 'region' | 'owner' | 'sourceChamber' | 'sourceVisit'> & { companyName: string };

const iso = (value: Date | null): string | null => (value ? value.toISOString() : null);

/**
 * Whether `viewer` sees a confidential lead's company: only from the holding unit's chain (the unit itself and
 * the units above it), which is what a jurisdiction scope containing the lead means.
 */
export function seesConfidentialCompany(viewer: JurisdictionScope, lead: Pick<LeadRow, 'confidential' | 'regionCode' | 'cityCode'>): boolean {
  return !lead.confidential || viewer.contains(lead);
}

export interface LeadView {
  /** The viewer's unit works on the lead with the holder (collaborator, sender, receiver), so sees it unmasked. */
  participant?: boolean;
  /** Stall thresholds for the health field (三色预警), and the time it is judged at. */
  stall: StallThresholds;
  now?: Date;
}

export function mapLead(row: LeadRow, viewer: JurisdictionScope, view: LeadView): LeadResponseDto {
  const visible = view.participant || seesConfidentialCompany(viewer, row);
  const signedAmount = decimalToNumber(row.signedAmount);
  const funds = Number(row.fundsReceivedTotal);
  return {
    id: String(row.id),
    companyId: visible ? String(row.companyId) : null,
    companyName: visible ? row.companyName : (row.codeName ?? '保密项目'),
    masked: !visible,
    ownership: row.ownership,
    title: visible ? row.title : (row.codeName ?? '保密项目'),
    clusterCode: row.clusterCode,
    segmentCode: row.segmentCode,
    source: {
      kind: row.sourceKind,
      chamberId: row.sourceChamberId === null ? null : String(row.sourceChamberId),
      visitId: row.sourceVisitId === null ? null : String(row.sourceVisitId),
      note: row.sourceNote,
    },
    expectedInvestment: decimalToNumber(row.expectedInvestment),
    landNeedMu: decimalToNumber(row.landNeedMu),
    factoryNeedSqm: decimalToNumber(row.factoryNeedSqm),
    categories: row.categories,
    regionCode: row.regionCode,
    ownerUserId: row.ownerUserId === null ? null : String(row.ownerUserId),
    nextFollowUpAt: iso(row.nextFollowUpAt),
    confidential: Boolean(row.confidential),
    codeName: row.codeName,
    stage: row.stage,
    stageBeforeHold: row.stageBeforeHold,
    stageEnteredAt: row.stageEnteredAt.toISOString(),
    siteVisitAt: iso(row.siteVisitAt),
    signedAt: iso(row.signedAt),
    signedAmount,
    parkId: row.parkId === null ? null : String(row.parkId),
    parkName: row.parkName,
    constructionStartedAt: iso(row.constructionStartedAt),
    producedAt: iso(row.producedAt),
    lostReason: row.lostReason,
    fundsReceivedTotal: funds,
    fundsReceivedShare: signedAmount ? Math.round((funds / signedAmount) * 10_000) / 10_000 : null,
    chamberFeedbackDueAt: iso(row.chamberFeedbackDueAt),
    chamberFeedbackGivenAt: iso(row.chamberFeedbackGivenAt),
    pendingDispatchId: row.pendingDispatchId === null ? null : String(row.pendingDispatchId),
    inConflict: Boolean(row.inConflict),
    mergedIntoLeadId: row.mergedIntoLeadId === null ? null : String(row.mergedIntoLeadId),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    lastActivityAt: row.lastActivityAt.toISOString(),
    fitScore: decimalToNumber(row.fitScore ?? null),
    fitSummary: row.fitSummary ?? null,
    health: leadHealth(row.stage, row.lastActivityAt, view.stall, view.now ?? new Date()),
  };
}
