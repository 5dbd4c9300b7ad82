import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { QueueModule } from '../../core/queue/queue.module';
import { AuditModule } from '../audit/audit.module';
import { LeadsModule } from '../leads/leads.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { RegionsModule } from '../regions/regions.module';
import { AnalyticsEngine } from './analytics-engine';
import { AnalyticsLedger } from './analytics-ledger';
import { AnalyticsRebuild } from './analytics-rebuild';
import { AnalyticsLeadEffect } from './analytics.lead-effect';
import {
  AnalyticsAdminController,
  AnalyticsController,
  ReportsController,
  TargetsController,
} from './analytics.controller';
import {
  AnalyticsCellEntity,
  AnalyticsLeadFactsEntity,
  AnalyticsStateEntity,
  QuarterlyReportEntity,
  TargetEntity,
} from './analytics.entity';
import { AnalyticsRepository } from './analytics.repository';
import { AnalyticsService } from './analytics.service';
import { QuarterlyReportsService } from './quarterly-reports.service';
import { TargetsService } from './targets.service';

/** Funnels, breakdowns, trends, targets and quarterly bulletins, over roll-ups kept current with every lead change. */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      AnalyticsLeadFactsEntity,
      AnalyticsCellEntity,
      AnalyticsStateEntity,
      TargetEntity,
      QuarterlyReportEntity,
    ]),
    QueueModule,
    AuditModule,
    LeadsModule,
    NotificationsModule,
    RegionsModule,
  ],
  controllers: [AnalyticsController, TargetsController, ReportsController, AnalyticsAdminController],
  providers: [
    AnalyticsLedger,
    AnalyticsEngine,
    AnalyticsRepository,
    AnalyticsService,
    TargetsService,
    QuarterlyReportsService,
    AnalyticsRebuild,
    AnalyticsLeadEffect,
  ],
  exports: [AnalyticsRebuild, QuarterlyReportsService, AnalyticsLeadEffect],
})
export class AnalyticsModule {}
