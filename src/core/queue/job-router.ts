import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { Job, UnrecoverableError } from 'bullmq';
import { JobsOf, QueueName } from './queue.constants';
import { throttledErrorLogger } from './throttled-error-log';

export type JobHandlers<Q extends QueueName> = { [J in JobsOf<Q>]: (job: Job) => Promise<unknown> };

/**
 * A queue's processor: one handler per job name of that queue, checked by the type system here and by
 * QueueStartupCheck when the worker starts.
 */
export abstract class JobRouter<Q extends QueueName> extends WorkerHost {
  abstract readonly queueName: Q;
  abstract readonly handlers: JobHandlers<Q>;
  private logWorkerError?: (error: Error) => void;

  async process(job: Job): Promise<unknown> {
    const handler = (this.handlers as Record<string, ((job: Job) => Promise<unknown>) | undefined>)[job.name];
    // A job no handler knows would fail the same way on every retry.
    if (!handler) throw new UnrecoverableError(`No handler for job "${job.name}" on queue "${this.queueName}"`);
    return handler(job);
  }

  @OnWorkerEvent('error')
  onWorkerError(error: Error): void {
    (this.logWorkerError ??= throttledErrorLogger(`worker ${this.queueName}`))(error);
  }
}
