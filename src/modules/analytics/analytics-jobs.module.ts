import { Module } from '@nestjs/common';
import { QueueModule } from '../../core/queue/queue.module';
import { AnalyticsModule } from './analytics.module';
import { AnalyticsProcessor } from './jobs/analytics.processor';
import { AnalyticsSchedules } from './jobs/analytics-schedules';

/** The analytics queue's worker side; loaded only where workers run. */
@Module({
  imports: [AnalyticsModule, QueueModule],
  providers: [AnalyticsProcessor, AnalyticsSchedules],
})
export class AnalyticsJobsModule {}
