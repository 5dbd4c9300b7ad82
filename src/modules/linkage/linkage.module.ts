import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { QueueModule } from '../../core/queue/queue.module';
import { AuditModule } from '../audit/audit.module';
import { CompaniesModule } from '../companies/companies.module';
import { LeadsModule } from '../leads/leads.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { RegionsModule } from '../regions/regions.module';
import { UsersModule } from '../users/users.module';
import { ConflictEntity } from './conflict.entity';
import { ConflictsService } from './conflicts.service';
import { DeadlineEntity } from './deadline.entity';
import { DeadlineReconciler } from './deadline.reconciler';
import { DeadlineRunner } from './deadline.runner';
import { DeadlineScheduler } from './deadline.scheduler';
import { DispatchEntity } from './dispatch.entity';
import { EscalationEntity } from './escalation.entity';
import {
  ConflictsController,
  DispatchesController,
  EscalationsController,
  LeadLinkageController,
  LinkageBoardsController,
} from './linkage.controller';
import { LinkageLeadEffect } from './linkage.lead-effect';
import { LinkageRepository } from './linkage.repository';
import { LinkageService } from './linkage.service';
import { LinkageNames } from './linkage-names';

/** Three-level linkage: dispatches, collaborators, escalations, 撞单 conflicts, their deadlines and boards. */
@Module({
  imports: [
    TypeOrmModule.forFeature([DispatchEntity, EscalationEntity, ConflictEntity, DeadlineEntity]),
    QueueModule,
    AuditModule,
    CompaniesModule,
    LeadsModule,
    NotificationsModule,
    RegionsModule,
    UsersModule,
  ],
  controllers: [
    LeadLinkageController,
    DispatchesController,
    EscalationsController,
    ConflictsController,
    LinkageBoardsController,
  ],
  providers: [
    LinkageService,
    ConflictsService,
    LinkageRepository,
    DeadlineScheduler,
    DeadlineRunner,
    DeadlineReconciler,
    LinkageLeadEffect,
    LinkageNames,
  ],
  exports: [DeadlineRunner, DeadlineReconciler, DeadlineScheduler, LinkageLeadEffect],
})
export class LinkageModule {}
