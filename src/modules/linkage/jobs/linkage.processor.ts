import { Processor } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { JobHandlers, JobRouter } from '../../../core/queue/job-router';
import { JobName, QueueName } from '../../../core/queue/queue.constants';
import { DeadlineReconciler } from '../deadline.reconciler';
import { DeadlineRunner } from '../deadline.runner';

/** Fires linkage deadlines (the job carries only the row id) and reconciles them with the database. */
@Processor(QueueName.Linkage, { concurrency: 4 })
export class LinkageProcessor extends JobRouter<typeof QueueName.Linkage> {
  readonly queueName = QueueName.Linkage;
  readonly handlers: JobHandlers<typeof QueueName.Linkage> = {
    [JobName.LinkageDeadline]: (job: Job) => this.runner.fire(String(job.data.deadlineId)),
    [JobName.LinkageReconcile]: () => this.reconciler.reconcile(),
  };

  constructor(
    private readonly runner: DeadlineRunner,
    private readonly reconciler: DeadlineReconciler,
  ) {
    super();
  }
}
