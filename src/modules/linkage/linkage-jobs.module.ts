import { Module } from '@nestjs/common';
import { QueueModule } from '../../core/queue/queue.module';
import { LinkageReconcileScheduler } from './jobs/linkage-reconcile.scheduler';
import { LinkageProcessor } from './jobs/linkage.processor';
import { LinkageModule } from './linkage.module';

/** The linkage queue's worker side (deadlines and their reconciliation); loaded only where workers run. */
@Module({
  imports: [LinkageModule, QueueModule],
  providers: [LinkageProcessor, LinkageReconcileScheduler],
})
export class LinkageJobsModule {}
