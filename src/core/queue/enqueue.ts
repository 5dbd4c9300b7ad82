import type { JobsOptions, Queue } from 'bullmq';
import { DomainException } from '../errors/domain.exception';
import { ErrorCode } from '../errors/error-codes';
import type { JobName } from './queue.constants';

const REDIS_TIMEOUT_MS = 3_000;

/** Job states in which a job will still run, or runs now. */
export const LIVE_JOB_STATES: readonly string[] = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children'];

/**
 * A queue call that gives up after a few seconds: while Redis is away BullMQ calls wait for ever (docs/architecture.md "Known traps"), and
 * the database row a job reads stays the source of truth, so callers can always retry or reconcile later.
 */
export async function withRedisTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<T>((_, reject) => {
        timer = setTimeout(() => reject(new Error('Redis did not answer in time')), REDIS_TIMEOUT_MS);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Adds a job, answering 503 NOT_READY instead of hanging when Redis is away. */
export async function enqueue(
  queue: Queue,
  name: JobName,
  data: Record<string, string>,
  options: JobsOptions = {},
): Promise<void> {
  try {
    await withRedisTimeout(queue.add(name, data, options));
  } catch {
    throw new DomainException(ErrorCode.NotReady, 'The job queue (Redis) is not reachable; try again shortly');
  }
}

/**
 * Whether a job can be added under a deterministic id now: not while a live one holds it. A finished job
 * (completed or failed, kept for retention) is removed, so the id can be used again.
 */
export async function freeJobId(queue: Queue, jobId: string): Promise<boolean> {
  const state = await queue.getJobState(jobId);
  if (LIVE_JOB_STATES.includes(state)) return false;
  if (state !== 'unknown') await queue.remove(jobId);
  return true;
}
