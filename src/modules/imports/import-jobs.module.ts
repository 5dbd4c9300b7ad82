import { Module } from '@nestjs/common';
import { QueueModule } from '../../core/queue/queue.module';
import { ImportsModule } from './imports.module';
import { ImportReconcileScheduler } from './jobs/import-reconcile.scheduler';
import { LeadImportProcessor } from './jobs/lead-import.processor';

/** The imports queue's worker side; loaded only where workers run. */
@Module({
  imports: [ImportsModule, QueueModule],
  providers: [LeadImportProcessor, ImportReconcileScheduler],
})
export class ImportJobsModule {}
