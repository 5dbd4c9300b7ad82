import type { JobsOptions, Queue } from 'bullmq';
import { DomainException } from '../errors/domain.exception';
import { ErrorCode } from '../errors/error-codes';
import type { JobName } from './queue.constants';

const ENQUEUE_TIMEOUT_MS = 3_000;

/**
 * Adds a job, answering 503 NOT_READY instead of hanging when Redis is away (queue.add() waits for ever then,
 * STACK.md). The database row the job reads stays the source of truth.
 */
export async function enqueue(queue: Queue, name: JobName, data: Record<string, string>, options: JobsOptions = {}): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      queue.add(name, data, options),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timed out')), ENQUEUE_TIMEOUT_MS);
      }),
    ]);
  } catch {
    throw new DomainException(ErrorCode.NotReady, 'The job queue (Redis) is not reachable; try again shortly');
  } finally {
    clearTimeout(timer);
  }
}
