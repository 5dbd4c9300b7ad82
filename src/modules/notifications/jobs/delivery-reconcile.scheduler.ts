import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { AppConfig } from '../../../core/config/app-config';
import { InjectConfig } from '../../../core/config/config.module';
import { JobName, QueueName } from '../../../core/queue/queue.constants';

/** Puts lost deliveries back on the queue every REMINDER_RECONCILE_SECONDS (one schedule for all workers). */
@Injectable()
export class DeliveryReconcileScheduler implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(QueueName.Notifications) private readonly queue: Queue,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(JobName.DeliveryReconcile, { every: this.config.reminderReconcileSeconds * 1000 }, { name: JobName.DeliveryReconcile });
  }
}
