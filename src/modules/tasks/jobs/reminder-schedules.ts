import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { AppConfig } from '../../../core/config/app-config';
import { InjectConfig } from '../../../core/config/config.module';
import { KeptSchedules } from '../../../core/queue/kept-schedules';
import { JobName, QueueName } from '../../../core/queue/queue.constants';

/** Reconcile and stall watch every REMINDER_RECONCILE_SECONDS; the digest daily at DIGEST_TIME Asia/Shanghai. */
@Injectable()
export class ReminderSchedules extends KeptSchedules {
  protected readonly reassertEveryMs: number;

  constructor(
    @InjectQueue(QueueName.Reminders) private readonly queue: Queue,
    @InjectConfig() private readonly config: AppConfig,
  ) {
    super();
    this.reassertEveryMs = config.reminderReconcileSeconds * 1000;
  }

  protected async upsert(): Promise<void> {
    const every = this.config.reminderReconcileSeconds * 1000;
    const { hour, minute } = this.config.digestTime;
    await this.queue.upsertJobScheduler(JobName.ReminderReconcile, { every }, { name: JobName.ReminderReconcile });
    await this.queue.upsertJobScheduler(JobName.StallWatch, { every }, { name: JobName.StallWatch });
    await this.queue.upsertJobScheduler(
      JobName.DailyDigest,
      { pattern: `${minute} ${hour} * * *`, tz: 'Asia/Shanghai' },
      { name: JobName.DailyDigest },
    );
  }
}
