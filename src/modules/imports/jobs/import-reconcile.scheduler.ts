import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { AppConfig } from '../../../core/config/app-config';
import { InjectConfig } from '../../../core/config/config.module';
import { KeptSchedules } from '../../../core/queue/kept-schedules';
import { IMPORT_RECONCILE_EVERY_MS, JobName, QueueName } from '../../../core/queue/queue.constants';

/**
 * Reconciles imports every few minutes (one schedule however many workers start); the schedule is re-asserted
 * every REMINDER_RECONCILE_SECONDS, so a flushed Redis gets it back without a restart.
 */
@Injectable()
export class ImportReconcileScheduler extends KeptSchedules {
  protected readonly reassertEveryMs: number;

  constructor(
    @InjectQueue(QueueName.Imports) private readonly importQueue: Queue,
    @InjectConfig() config: AppConfig,
  ) {
    super();
    this.reassertEveryMs = config.reminderReconcileSeconds * 1000;
  }

  protected async upsert(): Promise<void> {
    await this.importQueue.upsertJobScheduler(
      JobName.ImportReconcile,
      { every: IMPORT_RECONCILE_EVERY_MS },
      { name: JobName.ImportReconcile },
    );
  }
}
