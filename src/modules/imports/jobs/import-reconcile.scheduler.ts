import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';
import { IMPORT_RECONCILE_EVERY_MS, JobName, QueueName } from '../../../core/queue/queue.constants';

/** Reconciles imports every few minutes (one schedule however many workers start). */
@Injectable()
export class ImportReconcileScheduler implements OnApplicationBootstrap {
  constructor(@InjectQueue(QueueName.Imports) private readonly importQueue: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.importQueue.upsertJobScheduler(
      JobName.ImportReconcile,
      { every: IMPORT_RECONCILE_EVERY_MS },
      { name: JobName.ImportReconcile },
    );
  }
}
