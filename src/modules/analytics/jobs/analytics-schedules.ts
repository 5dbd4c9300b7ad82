import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';
import { KeptSchedules } from '../../../core/queue/kept-schedules';
import { JobName, QueueName } from '../../../core/queue/queue.constants';
import { AnalyticsRebuild } from '../analytics-rebuild';

/**
 * The bulletin run daily at 09:00 Asia/Shanghai (it acts on the first working day after a quarter, or catches up
 * after one missed), and a fill-in of analytics facts for leads that have none when a worker starts.
 */
@Injectable()
export class AnalyticsSchedules extends KeptSchedules implements OnApplicationBootstrap {
  protected readonly reassertEveryMs = 10 * 60_000;
  private readonly logger = new Logger(AnalyticsSchedules.name);

  constructor(
    @InjectQueue(QueueName.Analytics) private readonly queue: Queue,
    private readonly rebuild: AnalyticsRebuild,
  ) {
    super();
  }

  protected async upsert(): Promise<void> {
    await this.queue.upsertJobScheduler(JobName.QuarterlyBulletin, { pattern: '0 9 * * *', tz: 'Asia/Shanghai' }, { name: JobName.QuarterlyBulletin });
  }

  override async onApplicationBootstrap(): Promise<void> {
    await super.onApplicationBootstrap();
    if (await this.rebuild.needed()) {
      this.logger.log('Some leads have no analytics facts yet; queueing a fill-in');
      await this.rebuild.request(false);
    }
  }
}
