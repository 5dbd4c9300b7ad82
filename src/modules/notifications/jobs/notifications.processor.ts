import { Processor } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { JobHandlers, JobRouter } from '../../../core/queue/job-router';
import { JobName, QueueName } from '../../../core/queue/queue.constants';
import { DeliveryRunner } from '../delivery.runner';

/** Sends email and robot messages, each delivery a job with its own retries; and reconciles lost ones. */
@Processor(QueueName.Notifications, { concurrency: 8 })
export class NotificationsProcessor extends JobRouter<typeof QueueName.Notifications> {
  readonly queueName = QueueName.Notifications;
  readonly handlers: JobHandlers<typeof QueueName.Notifications> = {
    [JobName.NotificationDelivery]: (job: Job) =>
      this.runner.deliver(String(job.data.deliveryId), job.attemptsMade + 1, job.opts.attempts ?? 1),
    [JobName.DeliveryReconcile]: () => this.runner.reconcile(),
  };

  constructor(private readonly runner: DeliveryRunner) {
    super();
  }
}
