import { Processor } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { JobHandlers, JobRouter } from '../../../core/queue/job-router';
import { JobName, QueueName } from '../../../core/queue/queue.constants';
import { ParksService } from '../parks.service';

/** Re-scores open leads' fit after parks changed, reporting progress as {scored, total}. */
@Processor(QueueName.Parks, { concurrency: 1 })
export class ParksProcessor extends JobRouter<typeof QueueName.Parks> {
  readonly queueName = QueueName.Parks;
  readonly handlers: JobHandlers<typeof QueueName.Parks> = {
    [JobName.ParkFitRefresh]: (job: Job) =>
      this.parks.refreshAllFits(1000, (scored, total) => job.updateProgress({ scored, total })),
  };

  constructor(private readonly parks: ParksService) {
    super();
  }
}
