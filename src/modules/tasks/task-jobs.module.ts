import { Module } from '@nestjs/common';
import { QueueModule } from '../../core/queue/queue.module';
import { ReminderSchedules } from './jobs/reminder-schedules';
import { RemindersProcessor } from './jobs/reminders.processor';
import { TasksModule } from './tasks.module';

/** The reminders queue's worker side; loaded only where workers run. */
@Module({
  imports: [TasksModule, QueueModule],
  providers: [RemindersProcessor, ReminderSchedules],
})
export class TaskJobsModule {}
