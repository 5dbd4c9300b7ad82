import { idleSince } from '../../core/common/deadline-calendar';
import type { Stage } from '../../shared/lead-stages';
import {
  PROJECT_TIERS,
  projectTier,
  ProjectTier,
  StallingStage,
  StallRule,
  StallRuleSetInput,
} from '../../shared/stall-rules';

/** 三色预警 levels of a lead. */
export const HEALTH_LEVELS = ['green', 'yellow', 'red'] as const;
export type HealthLevel = (typeof HEALTH_LEVELS)[number];

/**
 * Which expected investments (亿元) a window covers: at least `atLeast`, below `below`, and with `orUnknown` the
 * leads without an amount (tier C). No bound: every lead of the stage.
 */
export interface InvestmentRange {
  atLeast?: number;
  below?: number;
  orUnknown?: boolean;
}

/** One stage and tier's rule as instants: last activity before `yellowBefore` is yellow, and so on. */
export interface StallWindow {
  stage: StallingStage;
  investment: InvestmentRange;
  yellowBefore: Date;
  redBefore: Date;
  /** Null: this rule never releases the owner. */
  dropBefore: Date | null;
}

/** A lead list's health filter: per stage and tier, the last activity that puts a lead at the level asked. */
export interface HealthWindow {
  stage: string;
  investment: InvestmentRange;
  after?: Date;
  atOrBefore: Date;
}

const sameTimes = (a: StallRule, b: StallRule) =>
  a.yellowDays === b.yellowDays && a.redDays === b.redDays && a.dropDays === b.dropDays;

/**
 * The stall rules in force, judged at one moment (docs/domain.md "Stall rules"): a lead's tier and light, and the
 * windows the list filter and the stall watch query with. Working days come from the maintained calendar.
 */
export class StallJudge {
  private readonly byStageTier = new Map<string, StallRule>();

  constructor(
    readonly rules: StallRuleSetInput & { version: number },
    readonly now: Date,
  ) {
    for (const rule of rules.rules) this.byStageTier.set(`${rule.stage}:${rule.tier}`, rule);
  }

  tierOf(expectedInvestment: number | string | null): ProjectTier {
    return projectTier(expectedInvestment === null ? null : Number(expectedInvestment), this.rules);
  }

  health(stage: Stage, expectedInvestment: number | string | null, lastActivityAt: Date): HealthLevel {
    const rule = this.byStageTier.get(`${stage}:${this.tierOf(expectedInvestment)}`);
    if (!rule) return 'green';
    if (lastActivityAt < idleSince(this.now, rule.redDays)) return 'red';
    if (lastActivityAt < idleSince(this.now, rule.yellowDays)) return 'yellow';
    return 'green';
  }

  /** One window per stage where its tiers agree (the cheaper query), else one per stage and tier. */
  windows(): StallWindow[] {
    const windows: StallWindow[] = [];
    const stages = [...new Set(this.rules.rules.map((rule) => rule.stage))];
    for (const stage of stages) {
      const tiers = PROJECT_TIERS.map((tier) => this.byStageTier.get(`${stage}:${tier}`));
      const [first] = tiers;
      if (first && tiers.every((rule) => rule && sameTimes(rule, first))) {
        windows.push(this.window(first, {}));
        continue;
      }
      tiers.forEach((rule, index) => {
        if (rule) windows.push(this.window(rule, this.rangeOf(PROJECT_TIERS[index])));
      });
    }
    return windows;
  }

  /** For GET /leads?health=: yellow is between the yellow and red instants, red before the red one. */
  listWindows(level: Exclude<HealthLevel, 'green'>): HealthWindow[] {
    // The list compares with <=: one millisecond before the instant is the same as < the instant.
    const atOrBefore = (instant: Date) => new Date(instant.getTime() - 1);
    return this.windows().map((window) =>
      level === 'red'
        ? { stage: window.stage, investment: window.investment, atOrBefore: atOrBefore(window.redBefore) }
        : {
            stage: window.stage,
            investment: window.investment,
            after: atOrBefore(window.redBefore),
            atOrBefore: atOrBefore(window.yellowBefore),
          },
    );
  }

  private window(rule: StallRule, investment: InvestmentRange): StallWindow {
    return {
      stage: rule.stage,
      investment,
      yellowBefore: idleSince(this.now, rule.yellowDays),
      redBefore: idleSince(this.now, rule.redDays),
      dropBefore: rule.dropDays === null ? null : idleSince(this.now, rule.dropDays),
    };
  }

  private rangeOf(tier: ProjectTier): InvestmentRange {
    if (tier === 'A') return { atLeast: this.rules.tierAMinYi };
    if (tier === 'B') return { atLeast: this.rules.tierBMinYi, below: this.rules.tierAMinYi };
    return { below: this.rules.tierBMinYi, orUnknown: true };
  }
}

/** The SQL condition of an investment range over `column`, with its parameters (named after `prefix`). */
export function investmentCondition(
  column: string,
  range: InvestmentRange,
  prefix: string,
): { sql: string; params: Record<string, number> } {
  const parts: string[] = [];
  const params: Record<string, number> = {};
  if (range.atLeast !== undefined) {
    parts.push(`${column} >= :${prefix}AtLeast`);
    params[`${prefix}AtLeast`] = range.atLeast;
  }
  if (range.below !== undefined) {
    parts.push(`${column} < :${prefix}Below`);
    params[`${prefix}Below`] = range.below;
  }
  if (parts.length === 0) return { sql: '1 = 1', params };
  const bounded = parts.join(' AND ');
  return { sql: range.orUnknown ? `(${column} IS NULL OR (${bounded}))` : `(${bounded})`, params };
}
