import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClustersModule } from '../clusters/clusters.module';
import { CompaniesModule } from '../companies/companies.module';
import { RegionsModule } from '../regions/regions.module';
import { UsersModule } from '../users/users.module';
import { LeadCategoryEntity, LeadEntity } from './lead.entity';
import { LeadHooks } from './lead-hooks';
import {
  LeadFundEntity,
  LeadLinkageEventEntity,
  LeadNoteEntity,
  LeadParticipantEntity,
  StageEventEntity,
} from './lead-records.entity';
import { LeadsController } from './leads.controller';
import { LeadsRepository } from './leads.repository';
import { LeadsService } from './leads.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      LeadEntity,
      LeadCategoryEntity,
      StageEventEntity,
      LeadNoteEntity,
      LeadFundEntity,
      LeadParticipantEntity,
      LeadLinkageEventEntity,
    ]),
    CompaniesModule,
    ClustersModule,
    RegionsModule,
    UsersModule,
  ],
  controllers: [LeadsController],
  providers: [LeadsService, LeadsRepository, LeadHooks],
  exports: [LeadsService, LeadsRepository, LeadHooks],
})
export class LeadsModule {}
