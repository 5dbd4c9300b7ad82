import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { AppConfig } from '../../../core/config/app-config';
import { InjectConfig } from '../../../core/config/config.module';
import { KeptSchedules } from '../../../core/queue/kept-schedules';
import { JobName, QueueName } from '../../../core/queue/queue.constants';
import { AnalyticsRebuild } from '../analytics-rebuild';

/**
 * The bulletin run daily at 09:00 Asia/Shanghai (it acts on the first working day after a quarter, or catches up
 * after one missed); when a worker starts, a fill-in of leads without analytics facts, or the rerun of a rebuild a
 * crash interrupted. The schedule is re-asserted every REMINDER_RECONCILE_SECONDS (back soon after a Redis flush).
 */
@Injectable()
export class AnalyticsSchedules extends KeptSchedules implements OnApplicationBootstrap {
  protected readonly reassertEveryMs: number;
  private readonly logger = new Logger(AnalyticsSchedules.name);

  constructor(
    @InjectQueue(QueueName.Analytics) private readonly queue: Queue,
    private readonly rebuild: AnalyticsRebuild,
    @InjectConfig() config: AppConfig,
  ) {
    super();
    this.reassertEveryMs = config.reminderReconcileSeconds * 1000;
  }

  protected async upsert(): Promise<void> {
    await this.queue.upsertJobScheduler(
      JobName.QuarterlyBulletin,
      { pattern: '0 9 * * *', tz: 'Asia/Shanghai' },
      { name: JobName.QuarterlyBulletin },
    );
  }

  override async onApplicationBootstrap(): Promise<void> {
    await super.onApplicationBootstrap();
    // In the background: the check reads every lead, and start-up must not wait for it.
    void this.fillInIfNeeded().catch((error: unknown) =>
      this.logger.warn({ err: error }, 'Could not check for leads without analytics facts'),
    );
  }

  private async fillInIfNeeded(): Promise<void> {
    const needed = await this.rebuild.needed();
    if (!needed) return;
    this.logger.log(
      { needed },
      needed === 'wipe'
        ? 'An analytics rebuild did not finish; queueing it again'
        : 'Some leads have no analytics facts yet; queueing a fill-in',
    );
    await this.rebuild.request(needed === 'wipe');
  }
}
