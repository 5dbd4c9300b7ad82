import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { QueueModule } from '../../core/queue/queue.module';
import { ChambersModule } from '../chambers/chambers.module';
import { ClustersModule } from '../clusters/clusters.module';
import { CompaniesModule } from '../companies/companies.module';
import { LeadsModule } from '../leads/leads.module';
import { UsersModule } from '../users/users.module';
import { ImportEntity, ImportRowEntity } from './import.entity';
import { ImportsController } from './imports.controller';
import { ImportReconciler } from './import-reconciler';
import { ImportsRepository } from './imports.repository';
import { LeadExportService } from './lead-export.service';
import { LeadImportRunner } from './lead-import.runner';
import { LeadImportService } from './lead-import.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([ImportEntity, ImportRowEntity]),
    QueueModule,
    LeadsModule,
    CompaniesModule,
    ChambersModule,
    ClustersModule,
    UsersModule,
  ],
  controllers: [ImportsController],
  providers: [ImportsRepository, LeadImportService, LeadExportService, LeadImportRunner, ImportReconciler],
  exports: [LeadImportRunner, ImportReconciler],
})
export class ImportsModule {}
