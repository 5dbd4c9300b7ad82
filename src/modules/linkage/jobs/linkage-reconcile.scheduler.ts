import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { AppConfig } from '../../../core/config/app-config';
import { InjectConfig } from '../../../core/config/config.module';
import { KeptSchedules } from '../../../core/queue/kept-schedules';
import { JobName, QueueName } from '../../../core/queue/queue.constants';

/** Reconciles deadlines every LINKAGE_RECONCILE_SECONDS; with `every`, BullMQ runs the first at once (catch-up at start). */
@Injectable()
export class LinkageReconcileScheduler extends KeptSchedules {
  protected readonly reassertEveryMs: number;

  constructor(
    @InjectQueue(QueueName.Linkage) private readonly queue: Queue,
    @InjectConfig() private readonly config: AppConfig,
  ) {
    super();
    this.reassertEveryMs = config.linkageReconcileSeconds * 1000;
  }

  protected async upsert(): Promise<void> {
    await this.queue.upsertJobScheduler(
      JobName.LinkageReconcile,
      { every: this.config.linkageReconcileSeconds * 1000 },
      { name: JobName.LinkageReconcile },
    );
  }
}
