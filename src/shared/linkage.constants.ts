export const DISPATCH_STATUSES = ['pending', 'accepted', 'returned', 'withdrawn'] as const;
export type DispatchStatus = (typeof DISPATCH_STATUSES)[number];
/** down: to a unit below the holder; up: to the holder's parent, with a reason. */
export type DispatchDirection = 'down' | 'up';

export const ESCALATION_NEEDS = ['land_quota', 'one_case_negotiation', 'policy', 'funding', 'other'] as const;
export type EscalationNeed = (typeof ESCALATION_NEEDS)[number];
export const ESCALATION_NEED_NAMES: Record<EscalationNeed, string> = {
  land_quota: '用地指标',
  one_case_negotiation: '一事一议',
  policy: '政策支持',
  funding: '资金支持',
  other: '其他',
};
export const ESCALATION_STATUSES = ['pending', 'granted', 'declined'] as const;
export type EscalationStatus = (typeof ESCALATION_STATUSES)[number];
export const ESCALATION_DECISIONS = ['granted', 'declined', 'forwarded'] as const;
export type EscalationDecision = (typeof ESCALATION_DECISIONS)[number];

export const CONFLICT_STATUSES = ['open', 'resolved'] as const;
export type ConflictStatus = (typeof CONFLICT_STATUSES)[number];
/** distinct_projects: two projects of one company or group, not one project twice; both leads stay. */
export const CONFLICT_OUTCOMES = ['winner_takes', 'co_handle', 'distinct_projects'] as const;
export type ConflictOutcome = (typeof CONFLICT_OUTCOMES)[number];

/**
 * What a deadline is for; its subjectId is the dispatch, the escalation, the lead (chamber feedback), the
 * supervision slip (督办单, kept by the tasks module through DeadlineRunner.register) or the claim (甄别确认).
 */
export const DEADLINE_SUBJECTS = [
  'dispatch',
  'escalation',
  'chamber_feedback',
  'supervision_slip',
  'signing_claim',
] as const;
export type DeadlineSubject = (typeof DEADLINE_SUBJECTS)[number];
export type DeadlineStep = 'reminder' | 'overdue';
export type DeadlineStatus = 'scheduled' | 'fired' | 'cancelled';
