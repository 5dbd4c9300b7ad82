import type { Stage } from '../../shared/lead-stages';

/** 三色预警: how long a lead has gone without activity, against its stage's threshold (red at twice yellow). */
export const HEALTH_LEVELS = ['green', 'yellow', 'red'] as const;
export type HealthLevel = (typeof HEALTH_LEVELS)[number];

/** Days without activity after which a lead in each stage turns yellow; stages not listed never stall. */
export type StallThresholds = Readonly<Record<string, number>>;

const DAY_MS = 24 * 3600 * 1000;

export function leadHealth(stage: Stage, lastActivityAt: Date, thresholds: StallThresholds, now: Date): HealthLevel {
  const yellowDays = thresholds[stage];
  if (!yellowDays) return 'green';
  const idle = now.getTime() - lastActivityAt.getTime();
  if (idle >= 2 * yellowDays * DAY_MS) return 'red';
  if (idle >= yellowDays * DAY_MS) return 'yellow';
  return 'green';
}

/** For a list filter: per stage, the window of lastActivityAt that puts a lead at `level` now. */
export function healthWindows(
  level: Exclude<HealthLevel, 'green'>,
  thresholds: StallThresholds,
  now: Date,
): Array<{ stage: string; after?: Date; atOrBefore: Date }> {
  return Object.entries(thresholds).map(([stage, days]) => {
    const yellowSince = new Date(now.getTime() - days * DAY_MS);
    const redSince = new Date(now.getTime() - 2 * days * DAY_MS);
    return level === 'red' ? { stage, atOrBefore: redSince } : { stage, after: redSince, atOrBefore: yellowSince };
  });
}
