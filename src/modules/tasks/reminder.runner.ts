import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../../core/config/app-config';
import { InjectConfig } from '../../core/config/config.module';
import { NotificationsService } from '../notifications/notifications.service';
import { shanghaiText } from '../../core/common/deadline-calendar';
import { ReminderScheduler } from './reminder.scheduler';
import { TasksRepository } from './tasks.repository';

/** A due reminder this long after its time without its job is fired by the reconciler instead. */
const LATE_AFTER_MS = 5_000;
const PAGE = 1000;
/** At most this many pages a pass (50,000 reminders); any beyond wait for a later pass, late but not lost. */
const MAX_PAGES = 50;

/**
 * Delivers task reminders once: the task row is claimed (remindedFor = remindAt) in the transaction that writes
 * the notification, so a doubled, retried or reconciled reminder is told once. The reconciler re-creates lost
 * jobs and fires what is late, so a flushed Redis loses nothing.
 */
@Injectable()
export class ReminderRunner {
  private readonly logger = new Logger(ReminderRunner.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tasks: TasksRepository,
    private readonly notifications: NotificationsService,
    private readonly scheduler: ReminderScheduler,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async fire(taskId: string, remindAt: Date): Promise<'delivered' | 'skipped'> {
    return this.dataSource.transaction(async (manager) => {
      if (!(await this.tasks.claimReminder(manager, taskId, remindAt))) return 'skipped';
      // Worker: reminds whoever the task belongs to, any jurisdiction.
      const task = (await this.tasks.findByIdUnscoped(taskId, manager))!;
      await this.notifications.notifyUsers(manager, [String(task.assigneeId)], {
        kind: 'task_reminder',
        title: `待办提醒：${task.title}`,
        body: `截止时间 ${shanghaiText(task.dueAt)}`,
        leadId: task.leadId === null ? null : String(task.leadId),
        subjectKind: 'task',
        subjectId: taskId,
        dedupeKey: `task:${taskId}:reminder:${remindAt.getTime()}`,
      });
      return 'delivered';
    });
  }

  async reconcile(): Promise<{ fired: number; requeued: number; failed: number }> {
    const now = Date.now();
    const report = { fired: 0, requeued: 0, failed: 0 };
    const horizon = new Date(now + 3 * this.config.reminderReconcileSeconds * 1000);
    // Page through everything due before the horizon (a flushed Redis at 08:59 leaves thousands due at 09:00).
    let after: { remindAt: Date; id: string } | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const batch = await this.tasks.remindersDueBefore(horizon, after, PAGE);
      if (batch.length === 0) break;
      after = { remindAt: batch[batch.length - 1].remindAt!, id: String(batch[batch.length - 1].id) };
      await this.reconcileBatch(batch, now, report);
    }
    if (report.fired + report.requeued + report.failed > 0) this.logger.warn(report, 'Reconciled task reminders');
    return report;
  }

  private async reconcileBatch(
    batch: Array<{ id: string; remindAt: Date | null }>,
    now: number,
    report: { fired: number; requeued: number; failed: number },
  ): Promise<void> {
    const reminders = batch.map((task) => ({ taskId: String(task.id), remindAt: task.remindAt! }));
    for (const late of reminders.filter((reminder) => reminder.remindAt.getTime() < now - LATE_AFTER_MS)) {
      try {
        if ((await this.fire(late.taskId, late.remindAt)) === 'delivered') report.fired += 1;
      } catch (error) {
        report.failed += 1;
        this.logger.error({ err: error, taskId: late.taskId }, 'A late task reminder could not be fired');
      }
    }
    const upcoming = reminders.filter((reminder) => reminder.remindAt.getTime() >= now - LATE_AFTER_MS);
    const missing = await this.scheduler.withoutLiveJob(upcoming);
    if (missing.length === 0) return;
    // Read again: a job may have delivered (and been cleaned away) since the page was read.
    const stillDue = await this.tasks.undeliveredAmong(missing.map((reminder) => reminder.taskId));
    const requeue = missing.filter(
      (reminder) => stillDue.get(reminder.taskId)?.getTime() === reminder.remindAt.getTime(),
    );
    if (requeue.length === 0) return;
    await this.scheduler.scheduleMany(requeue);
    report.requeued += requeue.length;
  }
}
