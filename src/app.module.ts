import { DynamicModule, Module } from '@nestjs/common';
import { AnalyticsJobsModule } from './modules/analytics/analytics-jobs.module';
import { AnalyticsModule } from './modules/analytics/analytics.module';
import { APP_FILTER, APP_GUARD, APP_PIPE, DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { AppConfig } from './core/config/app-config';
import { AuthGuard } from './core/auth/auth.guard';
import { ConfigModule } from './core/config/config.module';
import { buildDataSourceOptions, DatabaseFlavor } from './core/database/database-options';
import { AllExceptionsFilter } from './core/errors/all-exceptions.filter';
import { createValidationPipe } from './core/errors/validation-pipe';
import { LoggingModule } from './core/logging/logging.module';
import { QueueStartupCheck } from './core/queue/queue-startup.check';
import { QueueModule } from './core/queue/queue.module';
import { RedisModule } from './core/redis/redis.module';
import { CalendarModule } from './modules/calendar/calendar.module';
import { AuditModule } from './modules/audit/audit.module';
import { ChambersModule } from './modules/chambers/chambers.module';
import { ClustersModule } from './modules/clusters/clusters.module';
import { CompaniesModule } from './modules/companies/companies.module';
import { HealthModule } from './modules/health/health.module';
import { ImportJobsModule } from './modules/imports/import-jobs.module';
import { ImportsModule } from './modules/imports/imports.module';
import { LeadEffectsModule } from './modules/lead-effects.module';
import { LeadsModule } from './modules/leads/leads.module';
import { LinkageJobsModule } from './modules/linkage/linkage-jobs.module';
import { LinkageModule } from './modules/linkage/linkage.module';
import { NotificationJobsModule } from './modules/notifications/notification-jobs.module';
import { NotificationsModule } from './modules/notifications/notifications.module';
import { TaskJobsModule } from './modules/tasks/task-jobs.module';
import { TasksModule } from './modules/tasks/tasks.module';
import { ParkJobsModule } from './modules/parks/park-jobs.module';
import { ParksModule } from './modules/parks/parks.module';
import { RegionsModule } from './modules/regions/regions.module';
import { StallRulesModule } from './modules/stall-rules/stall-rules.module';
import { SearchModule } from './modules/search/search.module';
import { SystemJobsModule } from './modules/system/system-jobs.module';
import { TeamsModule } from './modules/teams/teams.module';
import { VisitsModule } from './modules/visits/visits.module';
import { UsersModule } from './modules/users/users.module';

export interface AppModuleOptions {
  config: AppConfig;
  rootLogger: Logger;
  databaseFlavor: DatabaseFlavor;
}

/** Feature modules that serve the API. */
const FEATURE_MODULES = [
  HealthModule,
  AuditModule,
  CalendarModule,
  StallRulesModule,
  UsersModule,
  RegionsModule,
  ClustersModule,
  CompaniesModule,
  ChambersModule,
  LeadsModule,
  ImportsModule,
  TeamsModule,
  VisitsModule,
  NotificationsModule,
  LinkageModule,
  TasksModule,
  ParksModule,
  AnalyticsModule,
  SearchModule,
  // The ordered effects of every lead write; above the modules it wires (see lead-effects.module.ts).
  LeadEffectsModule,
];
/** Modules that hold queue processors; loaded only in processes that run workers (ROLE all or worker). */
const WORKER_MODULES = [
  SystemJobsModule,
  ImportJobsModule,
  LinkageJobsModule,
  TaskJobsModule,
  NotificationJobsModule,
  ParkJobsModule,
  AnalyticsJobsModule,
];

@Module({})
export class AppModule {
  static forRoot({ config, rootLogger, databaseFlavor }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(rootLogger),
        TypeOrmModule.forRoot({
          // Replicas only here: migrations, seeds and the CLI work on the primary alone.
          ...buildDataSourceOptions(config.database, databaseFlavor, config.databaseReplicas),
          // bootstrap already waited for the server; fail fast if it vanished in between.
          retryAttempts: 2,
          retryDelay: 1_000,
        }),
        RedisModule,
        QueueModule,
        DiscoveryModule,
        ...FEATURE_MODULES,
        ...(config.runsWorkers ? WORKER_MODULES : []),
      ],
      providers: [
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        { provide: APP_GUARD, useClass: AuthGuard },
        ...(config.runsWorkers ? [QueueStartupCheck] : []),
      ],
    };
  }
}
