import { Module } from '@nestjs/common';
import { ImportsModule } from './imports.module';
import { LeadImportProcessor } from './jobs/lead-import.processor';

/** The imports queue's worker side; loaded only where workers run. */
@Module({
  imports: [ImportsModule],
  providers: [LeadImportProcessor],
})
export class ImportJobsModule {}
