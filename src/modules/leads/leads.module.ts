import { StallRulesModule } from '../stall-rules/stall-rules.module';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClustersModule } from '../clusters/clusters.module';
import { CompaniesModule } from '../companies/companies.module';
import { RegionsModule } from '../regions/regions.module';
import { UsersModule } from '../users/users.module';
import { LeadCategoryEntity, LeadEntity } from './lead.entity';
import { LeadReader } from './lead-reader';
import { LeadWriter } from './lead-writer';
import {
  LeadFundEntity,
  LeadInvestmentEntity,
  LeadLinkageEventEntity,
  LeadNoteEntity,
  LeadParticipantEntity,
  StageEventEntity,
} from './lead-records.entity';
import { LeadsController } from './leads.controller';
import { ClaimsController } from './claims.controller';
import { ConfirmationRuleEntity, LeadClaimEntity } from './lead-claim.entity';
import { LeadClaimsRepository } from './lead-claims.repository';
import { LeadClaimsService } from './lead-claims.service';
import { NotificationsModule } from '../notifications/notifications.module';
import { LeadsRepository } from './leads.repository';
import { LeadInvestmentsService } from './lead-investments.service';
import { LeadsService } from './leads.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      LeadEntity,
      LeadCategoryEntity,
      StageEventEntity,
      LeadNoteEntity,
      LeadFundEntity,
      LeadInvestmentEntity,
      LeadParticipantEntity,
      LeadLinkageEventEntity,
      LeadClaimEntity,
      ConfirmationRuleEntity,
    ]),
    CompaniesModule,
    StallRulesModule,
    ClustersModule,
    RegionsModule,
    UsersModule,
    NotificationsModule,
  ],
  controllers: [LeadsController, ClaimsController],
  providers: [
    LeadsService,
    LeadInvestmentsService,
    LeadClaimsService,
    LeadsRepository,
    LeadClaimsRepository,
    LeadReader,
    LeadWriter,
  ],
  // LeadsRepository stays inside: other modules read through LeadReader (scoped, or …Unscoped) and write through
  // LeadWriter, the one writer of leads and their records (docs/architecture.md, the lead write path).
  exports: [LeadsService, LeadReader, LeadWriter],
})
export class LeadsModule {}
