// The investment-project pipeline (招商项目全流程) as a pure state machine.

export const PIPELINE = [
  'lead',
  'contacted',
  'site_visit',
  'negotiating',
  'signed',
  'construction',
  'production',
] as const;
export const OFF_RAMPS = ['on_hold', 'lost'] as const;
export const STAGES = [...PIPELINE, ...OFF_RAMPS] as const;
export type PipelineStage = (typeof PIPELINE)[number];
export type Stage = (typeof STAGES)[number];

export const STAGE_NAMES: Record<Stage, string> = {
  lead: '线索',
  contacted: '接洽',
  site_visit: '考察',
  negotiating: '洽谈',
  signed: '签约',
  construction: '开工',
  production: '投产',
  on_hold: '搁置',
  lost: '终止',
};

/** Stages from which on_hold and lost are possible: the pipeline until production. */
export const OPEN_STAGES: readonly PipelineStage[] = PIPELINE.slice(0, -1);
/** Signed and later: the contract amount is known and funds can arrive. */
export const SIGNED_STAGES: readonly Stage[] = ['signed', 'construction', 'production'];
/** No longer pursued: another unit's lead for the company is no conflict, nothing is dispatched or followed up. */
export const CLOSED_STAGES: readonly Stage[] = ['lost', 'production'];

/** A signed project, also while on hold from a signed stage. */
export function isSigned(stage: Stage, stageBeforeHold: Stage | null): boolean {
  return (
    SIGNED_STAGES.includes(stage) ||
    (stage === 'on_hold' && stageBeforeHold !== null && SIGNED_STAGES.includes(stageBeforeHold))
  );
}

/** Closed (lost or in production) or merged into another lead by a 撞单 ruling. */
export function isClosedLead(lead: { stage: Stage; mergedIntoLeadId: string | null }): boolean {
  return CLOSED_STAGES.includes(lead.stage) || lead.mergedIntoLeadId !== null;
}

export type TransitionKind = 'forward' | 'back' | 'hold' | 'resume' | 'lose';

export interface TransitionPlan {
  kind: TransitionKind;
  /** Stages entered in order: the skipped ones (recorded as passed at the same time), then the target. */
  entered: Stage[];
  /** Whether the caller must give a reason. */
  needsReason: boolean;
}

const position = (stage: Stage): number => PIPELINE.indexOf(stage as PipelineStage);

/** Every stage `from` may move to (`resumeTo` is where an on_hold lead left the pipeline). */
export function allowedTransitions(from: Stage, resumeTo: PipelineStage | null): Stage[] {
  if (from === 'lost') return [];
  if (from === 'on_hold') return resumeTo ? [resumeTo, 'lost'] : ['lost'];
  const at = position(from);
  const allowed: Stage[] = [...PIPELINE.slice(at + 1)];
  if (at > 0) allowed.unshift(PIPELINE[at - 1]);
  if (OPEN_STAGES.includes(from as PipelineStage)) allowed.push('on_hold', 'lost');
  return allowed;
}

/** How `from` → `to` happens, or null when the move is not allowed. */
export function planTransition(from: Stage, to: Stage, resumeTo: PipelineStage | null): TransitionPlan | null {
  if (!allowedTransitions(from, resumeTo).includes(to)) return null;
  if (to === 'lost') return { kind: 'lose', entered: ['lost'], needsReason: true };
  if (to === 'on_hold') return { kind: 'hold', entered: ['on_hold'], needsReason: true };
  if (from === 'on_hold') return { kind: 'resume', entered: [to], needsReason: false };
  const [fromAt, toAt] = [position(from), position(to)];
  if (toAt < fromAt) return { kind: 'back', entered: [to], needsReason: true };
  return { kind: 'forward', entered: PIPELINE.slice(fromAt + 1, toAt + 1) as Stage[], needsReason: false };
}

/** The fields a transition must carry, by the stages it enters. */
export const REQUIRED_FIELDS: Partial<Record<Stage, readonly string[]>> = {
  site_visit: ['siteVisitAt'],
  signed: ['signedAt', 'signedAmount', 'parkId|parkName'],
  construction: ['constructionStartedAt'],
  production: ['producedAt'],
};

/**
 * The required fields a forward move lacks. The target's fields are always required; a skipped `signed` still
 * needs its contract fields, since every later figure depends on them. `present` tells which fields were given.
 */
export function missingFields(plan: TransitionPlan, present: (field: string) => boolean): string[] {
  // Going back, resuming, holding and losing re-enter or leave stages already passed: nothing new is owed.
  if (plan.kind !== 'forward') return [];
  const target = plan.entered[plan.entered.length - 1];
  const stages = plan.entered.filter((stage) => stage === target || stage === 'signed');
  return stages.flatMap((stage) => REQUIRED_FIELDS[stage] ?? []).filter((field) => !field.split('|').some(present));
}
