import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { QueueModule } from '../../core/queue/queue.module';
import { CompaniesModule } from '../companies/companies.module';
import { LeadsModule } from '../leads/leads.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { UsersModule } from '../users/users.module';
import { LinkageModule } from '../linkage/linkage.module';
import { StallRulesModule } from '../stall-rules/stall-rules.module';
import { SlipDeadlines } from './slip-deadlines';
import { CalendarRepository } from './calendar.repository';
import { CalendarService } from './calendar.service';
import { DigestRepository } from './digest.repository';
import { DigestService } from './digest.service';
import { ReminderRunner } from './reminder.runner';
import { ReminderScheduler } from './reminder.scheduler';
import { StallWatch } from './stall.watch';
import { SupervisionService } from './supervision.service';
import { SupervisionSlipEntity, TaskEntity } from './task.entity';
import { CalendarController, SupervisionController, TasksController } from './tasks.controller';
import { TasksRepository } from './tasks.repository';
import { TasksLeadEffect } from './tasks.lead-effect';
import { RecordNamesReader } from './record-names';
import { TasksService } from './tasks.service';

/** Tasks and their reminders, stall warnings and supervision slips, the daily digest, the calendar feed. */
@Module({
  imports: [
    TypeOrmModule.forFeature([TaskEntity, SupervisionSlipEntity]),
    QueueModule,
    CompaniesModule,
    LeadsModule,
    LinkageModule,
    NotificationsModule,
    StallRulesModule,
    UsersModule,
  ],
  controllers: [TasksController, SupervisionController, CalendarController],
  providers: [
    TasksService,
    TasksRepository,
    ReminderScheduler,
    ReminderRunner,
    StallWatch,
    SupervisionService,
    DigestService,
    DigestRepository,
    CalendarService,
    TasksLeadEffect,
    CalendarRepository,
    RecordNamesReader,
    SlipDeadlines,
  ],
  exports: [TasksLeadEffect, TasksService, ReminderRunner, StallWatch, DigestService],
})
export class TasksModule {}
