import { Processor } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { JobHandlers, JobRouter } from '../../../core/queue/job-router';
import { JobName, QueueName } from '../../../core/queue/queue.constants';
import { DigestService } from '../digest.service';
import { ReminderRunner } from '../reminder.runner';
import { StallWatch } from '../stall.watch';

/** Task reminders (the job carries the task id and the reminder time), their reconciliation, stall warnings, digest. */
@Processor(QueueName.Reminders, { concurrency: 8 })
export class RemindersProcessor extends JobRouter<typeof QueueName.Reminders> {
  readonly queueName = QueueName.Reminders;
  readonly handlers: JobHandlers<typeof QueueName.Reminders> = {
    [JobName.TaskReminder]: (job: Job) =>
      this.reminders.fire(String(job.data.taskId), new Date(String(job.data.remindAt))),
    [JobName.ReminderReconcile]: () => this.reminders.reconcile(),
    [JobName.StallWatch]: () => this.stall.run(),
    [JobName.DailyDigest]: () => this.digest.run(),
  };

  constructor(
    private readonly reminders: ReminderRunner,
    private readonly stall: StallWatch,
    private readonly digest: DigestService,
  ) {
    super();
  }
}
