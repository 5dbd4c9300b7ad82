import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { enqueue } from '../../core/queue/enqueue';
import { JobName, QueueName } from '../../core/queue/queue.constants';

/** One job per task and reminder time: rescheduling makes a new id, and the old job finds its time gone. */
export const reminderJobId = (taskId: string, remindAt: Date): string => `task-reminder-${taskId}-${remindAt.getTime()}`;

const BULK = 1000;
const LIVE_JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children'];

/** Task reminders as BullMQ delayed jobs; the task row is the truth. */
@Injectable()
export class ReminderScheduler {
  private readonly logger = new Logger(ReminderScheduler.name);

  constructor(@InjectQueue(QueueName.Reminders) private readonly queue: Queue) {}

  async schedule(taskId: string, remindAt: Date): Promise<void> {
    await enqueue(this.queue, JobName.TaskReminder, { taskId, remindAt: remindAt.toISOString() }, {
      jobId: reminderJobId(taskId, remindAt),
      delay: Math.max(0, remindAt.getTime() - Date.now()),
    });
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

  /** Queues the reminder's job unless a live one exists. */
  async ensure(taskId: string, remindAt: Date): Promise<boolean> {
    const job = await this.queue.getJob(reminderJobId(taskId, remindAt));
    if (job && LIVE_JOB_STATES.includes(await job.getState())) return false;
    if (job) await job.remove();
    await this.schedule(taskId, remindAt);
    this.logger.warn({ taskId }, 'Re-queued a task reminder whose job was missing');
    return true;
  }
}
