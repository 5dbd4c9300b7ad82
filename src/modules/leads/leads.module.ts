import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClustersModule } from '../clusters/clusters.module';
import { CompaniesModule } from '../companies/companies.module';
import { RegionsModule } from '../regions/regions.module';
import { UsersModule } from '../users/users.module';
import { LeadCategoryEntity, LeadEntity } from './lead.entity';
import { LeadFundEntity, LeadNoteEntity, StageEventEntity } from './lead-records.entity';
import { LeadsController } from './leads.controller';
import { LeadsRepository } from './leads.repository';
import { LeadsService } from './leads.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([LeadEntity, LeadCategoryEntity, StageEventEntity, LeadNoteEntity, LeadFundEntity]),
    CompaniesModule,
    ClustersModule,
    RegionsModule,
    UsersModule,
  ],
  controllers: [LeadsController],
  providers: [LeadsService, LeadsRepository],
  exports: [LeadsService, LeadsRepository],
})
export class LeadsModule {}
