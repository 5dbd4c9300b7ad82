import { Processor } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { JobHandlers, JobRouter } from '../../../core/queue/job-router';
import { JobName, QueueName } from '../../../core/queue/queue.constants';
import { AnalyticsRebuild } from '../analytics-rebuild';
import { QuarterlyReportsService } from '../quarterly-reports.service';

/** Rebuilds the analytics roll-ups ({done, total} progress) and builds the quarterly bulletins ({built, total}). */
@Processor(QueueName.Analytics, { concurrency: 1 })
export class AnalyticsProcessor extends JobRouter<typeof QueueName.Analytics> {
  readonly queueName = QueueName.Analytics;
  readonly handlers: JobHandlers<typeof QueueName.Analytics> = {
    [JobName.AnalyticsRebuild]: (job: Job<{ wipe?: string }>) =>
      this.rebuild.run(job.data.wipe === 'true', (done, total) => job.updateProgress({ done, total })),
    [JobName.QuarterlyBulletin]: (job: Job) =>
      this.reports.runScheduled(new Date(), (built, total) => job.updateProgress({ built, total })),
  };

  constructor(
    private readonly rebuild: AnalyticsRebuild,
    private readonly reports: QuarterlyReportsService,
  ) {
    super();
  }
}
