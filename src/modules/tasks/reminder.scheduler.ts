import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { enqueue, freeJobId } from '../../core/queue/enqueue';
import { JobName, QueueName } from '../../core/queue/queue.constants';

/** One job per task and reminder time: rescheduling makes a new id, and the old job finds its time gone. */
export const reminderJobId = (taskId: string, remindAt: Date): string =>
  `task-reminder-${taskId}-${remindAt.getTime()}`;

const BULK = 1000;
const STATE_BATCH = 200;

/** Task reminders as BullMQ delayed jobs; the task row is the truth. */
@Injectable()
export class ReminderScheduler {
  constructor(@InjectQueue(QueueName.Reminders) private readonly queue: Queue) {}

  async schedule(taskId: string, remindAt: Date): Promise<void> {
    await enqueue(
      this.queue,
      JobName.TaskReminder,
      { taskId, remindAt: remindAt.toISOString() },
      {
        jobId: reminderJobId(taskId, remindAt),
        delay: Math.max(0, remindAt.getTime() - Date.now()),
      },
    );
  }

  /** Many reminders in bulk (imports, benchmarks): one round trip per thousand. */
  async scheduleMany(reminders: Array<{ taskId: string; remindAt: Date }>): Promise<void> {
    for (let start = 0; start < reminders.length; start += BULK) {
      const now = Date.now();
      await this.queue.addBulk(
        reminders.slice(start, start + BULK).map(({ taskId, remindAt }) => ({
          name: JobName.TaskReminder,
          data: { taskId, remindAt: remindAt.toISOString() },
          opts: { jobId: reminderJobId(taskId, remindAt), delay: Math.max(0, remindAt.getTime() - now) },
        })),
      );
    }
  }

  /** Best effort: a job left behind fires, finds the reminder moved or the task closed, and does nothing. */
  async unschedule(taskId: string, remindAt: Date): Promise<void> {
    await this.queue.remove(reminderJobId(taskId, remindAt));
  }

  /**
   * Of `reminders`, those without a live job (none, or one that finished: removed so its id can be used again).
   * Job states are read many at a time, so a pass over thousands of reminders costs a few round trips.
   */
  async withoutLiveJob<R extends { taskId: string; remindAt: Date }>(reminders: R[]): Promise<R[]> {
    const missing: R[] = [];
    for (let start = 0; start < reminders.length; start += STATE_BATCH) {
      const chunk = reminders.slice(start, start + STATE_BATCH);
      const free = await Promise.all(
        chunk.map((reminder) => freeJobId(this.queue, reminderJobId(reminder.taskId, reminder.remindAt))),
      );
      missing.push(...chunk.filter((_reminder, index) => free[index]));
    }
    return missing;
  }
}
