import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { AppConfig } from '../../../core/config/app-config';
import { InjectConfig } from '../../../core/config/config.module';
import { KeptSchedules } from '../../../core/queue/kept-schedules';
import { JobName, QueueName, WORKER_HEARTBEAT_EVERY_MS } from '../../../core/queue/queue.constants';

/**
 * Registers the recurring system jobs; upsert keeps one schedule however many workers start, and re-asserting it
 * every REMINDER_RECONCILE_SECONDS brings it back after a Redis flush.
 */
@Injectable()
export class SystemJobsScheduler extends KeptSchedules {
  protected readonly reassertEveryMs: number;

  constructor(
    @InjectQueue(QueueName.System) private readonly systemQueue: Queue,
    @InjectConfig() config: AppConfig,
  ) {
    super();
    this.reassertEveryMs = config.reminderReconcileSeconds * 1000;
  }

  protected async upsert(): Promise<void> {
    await this.systemQueue.upsertJobScheduler(
      JobName.WorkerHeartbeat,
      { every: WORKER_HEARTBEAT_EVERY_MS },
      { name: JobName.WorkerHeartbeat },
    );
  }
}
