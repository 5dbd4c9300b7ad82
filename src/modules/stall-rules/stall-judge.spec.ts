import { useMaintainedDays } from '../../core/common/deadline-calendar';
import { rulesFromCalendarDays, StallRule, stallRuleProblems } from '../../shared/stall-rules';
import { investmentCondition, StallJudge } from './stall-judge';

const rule = (overrides: Partial<StallRule>): StallRule => ({
  stage: 'lead',
  tier: 'C',
  yellowDays: 5,
  redDays: 10,
  dropDays: null,
  ...overrides,
});
const rules = (list: StallRule[]) => ({ version: 2, tierAMinYi: 10, tierBMinYi: 1, slipDueDays: 5, rules: list });
/** Monday 2026-12-14, 10:00 Shanghai. */
const NOW = new Date('2026-12-14T02:00:00Z');
/** A Shanghai calendar date at noon. */
const on = (date: string) => new Date(`${date}T04:00:00Z`);

describe('stall rules (三色预警)', () => {
  afterEach(() => useMaintainedDays([]));

  it('counts working days, not calendar days: weekends do not age a lead', () => {
    const judge = new StallJudge(rules([rule({ yellowDays: 5, redDays: 10 })]), NOW);
    // Five working days lie strictly between Friday 12-04 and Monday 12-14 (7th to 11th): yellow.
    expect(judge.health('lead', null, on('2026-12-04'))).toBe('yellow');
    // From Monday 12-07 only four (8th to 11th): green, though seven calendar days passed.
    expect(judge.health('lead', null, on('2026-12-07'))).toBe('green');
    // Ten working days from 11-27 (Friday): 11-30 .. 12-11.
    expect(judge.health('lead', null, on('2026-11-27'))).toBe('red');
    expect(judge.health('lead', null, on('2026-11-30'))).toBe('yellow');
  });

  it('skips Guangxi’s maintained days off', () => {
    useMaintainedDays([{ date: '2026-12-08', kind: 'holiday', name: '测试假日' }]);
    const judge = new StallJudge(rules([rule({ yellowDays: 5, redDays: 10 })]), NOW);
    expect(judge.health('lead', null, on('2026-12-04'))).toBe('green');
    expect(judge.health('lead', null, on('2026-12-03'))).toBe('yellow');
  });

  it('judges each tier by its own rule, by expected investment (no amount: C)', () => {
    const judge = new StallJudge(
      rules([
        rule({ tier: 'A', yellowDays: 2, redDays: 5 }),
        rule({ tier: 'B', yellowDays: 5, redDays: 10 }),
        rule({ tier: 'C', yellowDays: 20, redDays: 40 }),
      ]),
      NOW,
    );
    const idle = on('2026-12-07'); // four working days before NOW
    expect(judge.tierOf('12.5')).toBe('A');
    expect(judge.tierOf(10)).toBe('A');
    expect(judge.tierOf('9.99')).toBe('B');
    expect(judge.tierOf(null)).toBe('C');
    expect(judge.health('lead', '50', idle)).toBe('yellow');
    expect(judge.health('lead', '3', idle)).toBe('green');
    expect(judge.health('lead', '50', on('2026-12-04'))).toBe('red');
    expect(judge.health('contacted', '50', on('2020-01-01'))).toBe('green'); // no rule: never stalls
  });

  it('gives one window per stage where the tiers agree, and one per tier where they differ', () => {
    const same = new StallJudge(rules(rulesFromCalendarDays({ lead: 30, signed: 60 })), NOW).windows();
    expect(same.map((w) => [w.stage, w.investment])).toEqual([
      ['lead', {}],
      ['signed', {}],
    ]);
    const split = new StallJudge(
      rules([rule({ tier: 'A', yellowDays: 2, redDays: 4, dropDays: 8 }), rule({ tier: 'C' })]),
      NOW,
    ).windows();
    expect(split.map((w) => w.investment)).toEqual([{ atLeast: 10 }, { below: 1, orUnknown: true }]);
    expect(split[0].dropBefore).toEqual(new Date('2026-12-01T16:00:00Z')); // start of 12-02, 8 working days back
    expect(split[1].dropBefore).toBeNull();
  });

  it('agrees with the list windows: the window a lead falls in is its light', () => {
    const judge = new StallJudge(rules([rule({ yellowDays: 5, redDays: 10 })]), NOW);
    const [yellow] = judge.listWindows('yellow');
    const [red] = judge.listWindows('red');
    for (const date of ['2026-11-20', '2026-11-27', '2026-11-30', '2026-12-04', '2026-12-07', '2026-12-11']) {
      const at = on(date);
      const inYellow = at <= yellow.atOrBefore && at > yellow.after!;
      const inRed = at <= red.atOrBefore;
      expect([date, inRed ? 'red' : inYellow ? 'yellow' : 'green']).toEqual([date, judge.health('lead', null, at)]);
    }
  });

  it('writes the tier ranges as SQL conditions (C includes unknown amounts)', () => {
    expect(investmentCondition('l.x', { below: 1, orUnknown: true }, 't')).toEqual({
      sql: '(l.x IS NULL OR (l.x < :tBelow))',
      params: { tBelow: 1 },
    });
    expect(investmentCondition('l.x', { atLeast: 1, below: 10 }, 't').sql).toBe('(l.x >= :tAtLeast AND l.x < :tBelow)');
    expect(investmentCondition('l.x', {}, 't').sql).toBe('1 = 1');
  });

  it('moves STALL_YELLOW_DAYS into working days, red at twice yellow, every tier alike', () => {
    const moved = rulesFromCalendarDays({ lead: 30, construction: 90, production: 10 });
    expect(moved.filter((r) => r.stage === 'lead').map((r) => [r.tier, r.yellowDays, r.redDays])).toEqual([
      ['A', 21, 42],
      ['B', 21, 42],
      ['C', 21, 42],
    ]);
    expect(moved.find((r) => r.stage === 'construction')).toMatchObject({ yellowDays: 64, redDays: 128 });
    expect(moved.some((r) => (r.stage as string) === 'production')).toBe(false);
    expect(stallRuleProblems(rules(moved))).toEqual([]);
  });

  it('names each inconsistent field', () => {
    const problems = stallRuleProblems({
      tierAMinYi: 1,
      tierBMinYi: 5,
      slipDueDays: 0,
      rules: [rule({ yellowDays: 10, redDays: 10 }), rule({ dropDays: 9 }), rule({ stage: 'signed', yellowDays: 0 })],
    });
    expect(problems.map((p) => `${p.field}:${p.constraint}`)).toEqual([
      'tierAMinYi:aboveTierB',
      'slipDueDays:workingDays',
      'rules.0.redDays:afterYellow',
      'rules.1.stage:unique',
      'rules.1.dropDays:afterRed',
      'rules.2.yellowDays:workingDays',
    ]);
  });
});
