import { healthWindows, leadHealth } from './lead-health';

const thresholds = { lead: 30, site_visit: 21, signed: 60 };
const now = new Date('2026-11-27T00:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 24 * 3600 * 1000);

describe('lead health (三色预警)', () => {
  it('turns yellow at the stage’s threshold and red at twice it', () => {
    expect(leadHealth('lead', daysAgo(29), thresholds, now)).toBe('green');
    expect(leadHealth('lead', daysAgo(30), thresholds, now)).toBe('yellow');
    expect(leadHealth('lead', daysAgo(59), thresholds, now)).toBe('yellow');
    expect(leadHealth('lead', daysAgo(60), thresholds, now)).toBe('red');
    expect(leadHealth('site_visit', daysAgo(21), thresholds, now)).toBe('yellow');
    expect(leadHealth('signed', daysAgo(100), thresholds, now)).toBe('yellow');
  });

  it('never stalls a stage without a threshold (on hold, lost, in production)', () => {
    for (const stage of ['on_hold', 'lost', 'production'] as const)
      expect(leadHealth(stage, daysAgo(999), thresholds, now)).toBe('green');
  });

  it('gives list windows that agree with the level of each lead', () => {
    const yellow = healthWindows('yellow', thresholds, now).find((w) => w.stage === 'lead')!;
    expect(yellow.atOrBefore).toEqual(daysAgo(30));
    expect(yellow.after).toEqual(daysAgo(60));
    const red = healthWindows('red', thresholds, now).find((w) => w.stage === 'lead')!;
    expect(red).toEqual({ stage: 'lead', atOrBefore: daysAgo(60) });
  });
});
