import { OnWorkerEvent, Processor } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { JobHandlers, JobRouter } from '../../../core/queue/job-router';
import { JobName, QueueName } from '../../../core/queue/queue.constants';
import { ImportReconciler } from '../import-reconciler';
import { LeadImportRunner } from '../lead-import.runner';

/** Runs lead imports (the job carries only the import id; the rows live in the database) and their reconciliation. */
@Processor(QueueName.Imports, { concurrency: 2 })
export class LeadImportProcessor extends JobRouter<typeof QueueName.Imports> {
  readonly queueName = QueueName.Imports;
  readonly handlers: JobHandlers<typeof QueueName.Imports> = {
    [JobName.LeadImport]: (job: Job) => this.runner.run(String(job.data.importId), job),
    [JobName.ImportReconcile]: () => this.reconciler.reconcile(),
  };

  constructor(
    private readonly runner: LeadImportRunner,
    private readonly reconciler: ImportReconciler,
  ) {
    super();
  }

  @OnWorkerEvent('failed')
  async onFailed(job: Job | undefined, error: Error): Promise<void> {
    if (job?.name !== JobName.LeadImport) return;
    if (job.attemptsMade >= (job.opts.attempts ?? 1))
      await this.runner.markFailed(String(job.data.importId), error.message);
  }
}
