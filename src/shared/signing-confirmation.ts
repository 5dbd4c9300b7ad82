// 甄别确认: a move to 签约, 开工 or 投产 is a claim until the unit above the holder confirms it (docs/domain.md
// "Signing confirmation"). Pure, shared by the server and the web app.
import type { Stage } from './lead-stages';

/** The stages whose entry is a claim: every figure the campaign is judged by starts with one of them. */
export const CLAIMED_STAGES = ['signed', 'construction', 'production'] as const;
export type ClaimedStage = (typeof CLAIMED_STAGES)[number];
export const isClaimedStage = (stage: Stage): stage is ClaimedStage => CLAIMED_STAGES.includes(stage as ClaimedStage);

/**
 * pending: waits for the unit above; confirmed: counted; returned: sent back with a reason (the lead went back to
 * where it was); cancelled: the lead was closed by a 撞单 ruling while its claim waited.
 */
export const CLAIM_STATUSES = ['pending', 'confirmed', 'returned', 'cancelled'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];
export const CLAIM_STATUS_NAMES: Record<ClaimStatus, string> = {
  pending: '待确认',
  confirmed: '已确认',
  returned: '已退回',
  cancelled: '已撤销',
};

/** What a stage event says of its claim: null for entries that need none (or came before 甄别确认 existed). */
export type EventConfirmation = 'pending' | 'confirmed' | 'returned' | null;

/**
 * What can be required before a claim is confirmed, each read off the lead as it is when the confirmer rules.
 * `site` is a park of the catalogue or a named place.
 */
export const CONFIRMATION_REQUIREMENTS = [
  'signedAt',
  'signedAmount',
  'site',
  'expectedInvestment',
  'constructionStartedAt',
  'producedAt',
] as const;
export type ConfirmationRequirement = (typeof CONFIRMATION_REQUIREMENTS)[number];
export const CONFIRMATION_REQUIREMENT_NAMES: Record<ConfirmationRequirement, string> = {
  signedAt: '签约日期',
  signedAmount: '合同金额（亿元）',
  site: '落户园区或地点',
  expectedInvestment: '计划总投资（亿元）',
  constructionStartedAt: '开工日期',
  producedAt: '投产日期',
};

/** What each stage needs when nobody has set its rule (the administrators' rules replace these). */
export const DEFAULT_CONFIRMATION_RULES: Record<ClaimedStage, readonly ConfirmationRequirement[]> = {
  signed: ['signedAt', 'signedAmount', 'site'],
  construction: ['constructionStartedAt'],
  production: ['producedAt'],
};

/** The lead fields the requirements are read from. */
export interface ConfirmationFacts {
  signedAt: unknown;
  signedAmount: unknown;
  parkId: unknown;
  parkName: unknown;
  expectedInvestment: unknown;
  constructionStartedAt: unknown;
  producedAt: unknown;
}

const present = (value: unknown): boolean => value !== null && value !== undefined && value !== '';

function satisfied(requirement: ConfirmationRequirement, lead: ConfirmationFacts): boolean {
  if (requirement === 'site') return present(lead.parkId) || present(lead.parkName);
  return present(lead[requirement]);
}

/** The requirements of `stages` (a claim may enter several at once) the lead does not meet, in catalogue order. */
export function missingRequirements(
  rules: Record<ClaimedStage, readonly ConfirmationRequirement[]>,
  stages: readonly ClaimedStage[],
  lead: ConfirmationFacts,
): ConfirmationRequirement[] {
  const wanted = new Set(stages.flatMap((stage) => rules[stage]));
  return CONFIRMATION_REQUIREMENTS.filter((requirement) => wanted.has(requirement) && !satisfied(requirement, lead));
}
