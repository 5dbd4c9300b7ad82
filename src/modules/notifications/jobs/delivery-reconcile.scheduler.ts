import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { AppConfig } from '../../../core/config/app-config';
import { InjectConfig } from '../../../core/config/config.module';
import { KeptSchedules } from '../../../core/queue/kept-schedules';
import { JobName, QueueName } from '../../../core/queue/queue.constants';

/** Puts lost deliveries back on the queue every REMINDER_RECONCILE_SECONDS. */
@Injectable()
export class DeliveryReconcileScheduler extends KeptSchedules {
  protected readonly reassertEveryMs: number;

  constructor(
    @InjectQueue(QueueName.Notifications) private readonly queue: Queue,
    @InjectConfig() private readonly config: AppConfig,
  ) {
    super();
    this.reassertEveryMs = config.reminderReconcileSeconds * 1000;
  }

  protected async upsert(): Promise<void> {
    await this.queue.upsertJobScheduler(
      JobName.DeliveryReconcile,
      { every: this.config.reminderReconcileSeconds * 1000 },
      { name: JobName.DeliveryReconcile },
    );
  }
}
