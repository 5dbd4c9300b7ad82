import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { AppConfig } from '../../../core/config/app-config';
import { InjectConfig } from '../../../core/config/config.module';
import { JobName, QueueName } from '../../../core/queue/queue.constants';

/**
 * Reconciles deadlines at start and every LINKAGE_RECONCILE_SECONDS (one schedule however many workers run).
 * The schedule itself lives in Redis, so a flushed Redis would stop it until the next restart: each worker
 * re-asserts it every period (an upsert of the same schedule changes nothing when it is there).
 */
@Injectable()
export class LinkageReconcileScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LinkageReconcileScheduler.name);
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectQueue(QueueName.Linkage) private readonly queue: Queue,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.upsert();
    this.timer = setInterval(() => {
      this.upsert().catch((error: unknown) => this.logger.warn({ err: error }, 'Could not re-assert the deadline reconcile schedule'));
    }, this.config.linkageReconcileSeconds * 1000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** With `every`, BullMQ runs the first reconcile at once: a starting worker catches up straight away. */
  private async upsert(): Promise<void> {
    const every = this.config.linkageReconcileSeconds * 1000;
    await this.queue.upsertJobScheduler(JobName.LinkageReconcile, { every }, { name: JobName.LinkageReconcile });
  }
}
