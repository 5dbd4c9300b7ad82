import { Module } from '@nestjs/common';
import { QueueModule } from '../../core/queue/queue.module';
import { SystemJobsProcessor } from './jobs/system-jobs.processor';
import { SystemJobsScheduler } from './jobs/system-jobs.scheduler';
import { SystemModule } from './system.module';

/** The system queue's worker side; loaded only where workers run (ROLE all or worker). */
@Module({
  imports: [QueueModule, SystemModule],
  providers: [SystemJobsProcessor, SystemJobsScheduler],
})
export class SystemJobsModule {}
