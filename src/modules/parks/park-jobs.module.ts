import { Module } from '@nestjs/common';
import { QueueModule } from '../../core/queue/queue.module';
import { ParksProcessor } from './jobs/parks.processor';
import { ParksModule } from './parks.module';

/** The parks queue's worker side; loaded only where workers run. */
@Module({
  imports: [ParksModule, QueueModule],
  providers: [ParksProcessor],
})
export class ParkJobsModule {}
