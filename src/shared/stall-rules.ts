// 三色预警 rules (docs/domain.md "Stall rules"): per stage and project tier, how many working days without activity
// turn a lead yellow and red, and after how many its owner is released to the unit's pool (回收). Pure, so the
// server checks a rule set and the web app's editor explains the same problems.

/** Stages in which a lead can stall: the pipeline before production. */
export const STALLING_STAGES = ['lead', 'contacted', 'site_visit', 'negotiating', 'signed', 'construction'] as const;
export type StallingStage = (typeof STALLING_STAGES)[number];

/** Project tiers by expected investment: A 重大项目, B, C (unknown amounts are C). */
export const PROJECT_TIERS = ['A', 'B', 'C'] as const;
export type ProjectTier = (typeof PROJECT_TIERS)[number];
export const PROJECT_TIER_NAMES: Record<ProjectTier, string> = {
  A: 'A类（重大项目）',
  B: 'B类',
  C: 'C类',
};

/** The longest a light may wait: one working year. */
export const MAX_STALL_WORKING_DAYS = 250;
/** The longest a 督办单 may be given to answer. */
export const MAX_SLIP_DUE_WORKING_DAYS = 30;

export interface StallRule {
  stage: StallingStage;
  tier: ProjectTier;
  yellowDays: number;
  redDays: number;
  /** Working days after which the owner is released to the unit's pool; null: never. */
  dropDays: number | null;
}

/** What an administrator sets; a saved set becomes a new version. */
export interface StallRuleSetInput {
  /** Expected investment (亿元) from which a project is tier A; tier B from tierBMinYi. */
  tierAMinYi: number;
  tierBMinYi: number;
  /** Working days a 督办单 has to be answered before it escalates. */
  slipDueDays: number;
  /** One rule per stage and tier; a stage and tier left out never stalls. */
  rules: StallRule[];
}

export interface StallRuleProblem {
  /** The field as the API names it: rules.3.redDays, tierBMinYi. */
  field: string;
  constraint: string;
  message: string;
}

const isWholeDays = (value: unknown, max: number) =>
  typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= max;

/** What is wrong with a rule set, field by field (empty when it can be saved). */
export function stallRuleProblems(input: StallRuleSetInput): StallRuleProblem[] {
  const problems: StallRuleProblem[] = [];
  if (!(input.tierBMinYi > 0))
    problems.push({ field: 'tierBMinYi', constraint: 'isPositive', message: 'must be more than 0' });
  if (!(input.tierAMinYi > input.tierBMinYi))
    problems.push({ field: 'tierAMinYi', constraint: 'aboveTierB', message: 'must be more than tierBMinYi' });
  if (!isWholeDays(input.slipDueDays, MAX_SLIP_DUE_WORKING_DAYS))
    problems.push({
      field: 'slipDueDays',
      constraint: 'workingDays',
      message: `must be whole working days from 1 to ${MAX_SLIP_DUE_WORKING_DAYS}`,
    });
  const seen = new Set<string>();
  input.rules.forEach((rule, index) => {
    const at = (name: string) => `rules.${index}.${name}`;
    const key = `${rule.stage}:${rule.tier}`;
    if (seen.has(key))
      problems.push({ field: at('stage'), constraint: 'unique', message: `repeats ${rule.stage} tier ${rule.tier}` });
    seen.add(key);
    for (const name of ['yellowDays', 'redDays'] as const) {
      if (!isWholeDays(rule[name], MAX_STALL_WORKING_DAYS))
        problems.push({
          field: at(name),
          constraint: 'workingDays',
          message: `must be whole working days from 1 to ${MAX_STALL_WORKING_DAYS}`,
        });
    }
    if (rule.dropDays !== null && !isWholeDays(rule.dropDays, MAX_STALL_WORKING_DAYS))
      problems.push({
        field: at('dropDays'),
        constraint: 'workingDays',
        message: `must be null or whole working days from 1 to ${MAX_STALL_WORKING_DAYS}`,
      });
    if (rule.redDays <= rule.yellowDays)
      problems.push({ field: at('redDays'), constraint: 'afterYellow', message: 'must be more than yellowDays' });
    if (rule.dropDays !== null && rule.dropDays <= rule.redDays)
      problems.push({ field: at('dropDays'), constraint: 'afterRed', message: 'must be more than redDays' });
  });
  return problems;
}

/** The tier of a project by its expected investment in 亿元 (unknown: C). */
export function projectTier(
  expectedInvestmentYi: number | null,
  thresholds: Pick<StallRuleSetInput, 'tierAMinYi' | 'tierBMinYi'>,
): ProjectTier {
  if (expectedInvestmentYi === null || Number.isNaN(expectedInvestmentYi)) return 'C';
  if (expectedInvestmentYi >= thresholds.tierAMinYi) return 'A';
  if (expectedInvestmentYi >= thresholds.tierBMinYi) return 'B';
  return 'C';
}

/**
 * The first version's rules: STALL_YELLOW_DAYS as it was (calendar days, red at twice yellow) in working days
 * (five of every seven), every tier alike, no release. Administrators refine them per tier in the app.
 */
export function rulesFromCalendarDays(yellowCalendarDays: Record<string, number>): StallRule[] {
  return Object.entries(yellowCalendarDays)
    .filter((entry): entry is [StallingStage, number] => (STALLING_STAGES as readonly string[]).includes(entry[0]))
    .flatMap(([stage, days]) => {
      const yellowDays = Math.min(MAX_STALL_WORKING_DAYS / 2, Math.max(1, Math.round((days * 5) / 7)));
      return PROJECT_TIERS.map((tier) => ({ stage, tier, yellowDays, redDays: 2 * yellowDays, dropDays: null }));
    });
}
