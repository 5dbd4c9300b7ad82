import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { AppConfig } from '../../../core/config/app-config';
import { InjectConfig } from '../../../core/config/config.module';
import { JobName, QueueName } from '../../../core/queue/queue.constants';

/**
 * The reminders queue's schedules: reconcile and stall watch every REMINDER_RECONCILE_SECONDS, the digest daily at
 * DIGEST_TIME Asia/Shanghai. Job schedulers run once per period however many workers start; each worker re-asserts
 * them every period, so a flushed Redis gets them back without a restart.
 */
@Injectable()
export class ReminderSchedules implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReminderSchedules.name);
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectQueue(QueueName.Reminders) private readonly queue: Queue,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.upsert();
    this.timer = setInterval(() => {
      this.upsert().catch((error: unknown) => this.logger.warn({ err: error }, 'Could not re-assert the reminder schedules'));
    }, this.config.reminderReconcileSeconds * 1000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async upsert(): Promise<void> {
    const every = this.config.reminderReconcileSeconds * 1000;
    const { hour, minute } = this.config.digestTime;
    await this.queue.upsertJobScheduler(JobName.ReminderReconcile, { every }, { name: JobName.ReminderReconcile });
    await this.queue.upsertJobScheduler(JobName.StallWatch, { every }, { name: JobName.StallWatch });
    await this.queue.upsertJobScheduler(JobName.DailyDigest, { pattern: `${minute} ${hour} * * *`, tz: 'Asia/Shanghai' }, { name: JobName.DailyDigest });
  }
}
