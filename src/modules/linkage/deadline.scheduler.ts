import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { EntityManager } from 'typeorm';
import { DeadlinePlan, DeadlineSpec, planDeadline } from '../../core/common/deadline-calendar';
import { afterCommit } from '../../core/database/after-commit';
import { enqueue, freeJobId, withRedisTimeout } from '../../core/queue/enqueue';
import { JobName, QueueName } from '../../core/queue/queue.constants';
import type { DeadlineEntity } from './deadline.entity';
import type { DeadlineSubject } from '../../shared/linkage.constants';
import { LinkageRepository } from './linkage.repository';

export const deadlineJobId = (deadlineId: string): string => `linkage-deadline-${deadlineId}`;

/**
 * Puts deadlines in the database and their delayed jobs in BullMQ once the transaction commits. A job that
 * cannot be queued (Redis away) is only logged: the reconciler queues it again from the row.
 */
@Injectable()
export class DeadlineScheduler {
  private readonly logger = new Logger(DeadlineScheduler.name);

  constructor(
    private readonly linkage: LinkageRepository,
    @InjectQueue(QueueName.Linkage) private readonly queue: Queue,
  ) {}

  /** A reminder and the first overdue step for a subject that started at `from`. */
  async scheduleFor(
    manager: EntityManager,
    subject: { kind: DeadlineSubject; id: string; round?: number },
    plan: DeadlinePlan,
  ): Promise<void> {
    const round = subject.round ?? 0;
    const rows = await this.linkage.insertDeadlines(manager, [
      { subjectKind: subject.kind, subjectId: subject.id, round, step: 'reminder', level: 0, fireAt: plan.remindAt },
      { subjectKind: subject.kind, subjectId: subject.id, round, step: 'overdue', level: 1, fireAt: plan.dueAt },
    ]);
    await afterCommit(manager, () => this.enqueue(rows));
  }

  /** The next overdue step, one deadline period after the last one. */
  async scheduleNextLevel(manager: EntityManager, passed: DeadlineEntity, spec: DeadlineSpec): Promise<void> {
    const rows = await this.linkage.insertDeadlines(manager, [
      {
        subjectKind: passed.subjectKind,
        subjectId: passed.subjectId,
        round: passed.round,
        step: 'overdue',
        level: passed.level + 1,
        fireAt: planDeadline(passed.fireAt, spec).dueAt,
      },
    ]);
    await afterCommit(manager, () =>
      this.enqueue(rows.filter((row) => row.round === passed.round && row.level === passed.level + 1)),
    );
  }

  /** Cancels what is pending for a subject; its jobs are removed after commit (they would skip anyway). */
  async cancel(manager: EntityManager, subjectKind: DeadlineSubject, subjectId: string): Promise<void> {
    const ids = await this.linkage.cancelDeadlines(manager, subjectKind, subjectId);
    // Best effort: a job left behind finds its row cancelled and does nothing.
    if (ids.length > 0)
      await afterCommit(manager, () =>
        withRedisTimeout(Promise.all(ids.map((id) => this.queue.remove(deadlineJobId(id))))),
      );
  }

  /** Queues the rows' jobs; gives up after a few seconds when Redis is away (the reconciler queues them later). */
  async enqueue(rows: Array<Pick<DeadlineEntity, 'id' | 'fireAt'>>): Promise<void> {
    for (const row of rows) {
      await enqueue(
        this.queue,
        JobName.LinkageDeadline,
        { deadlineId: String(row.id) },
        {
          jobId: deadlineJobId(String(row.id)),
          delay: Math.max(0, row.fireAt.getTime() - Date.now()),
        },
      );
    }
  }

  /** Queues a row's job unless a live one exists; a finished job under the same id is replaced. */
  async ensureJob(row: Pick<DeadlineEntity, 'id' | 'fireAt'>): Promise<boolean> {
    if (!(await freeJobId(this.queue, deadlineJobId(String(row.id))))) return false;
    await this.enqueue([row]);
    this.logger.warn({ deadlineId: String(row.id) }, 'Re-queued a deadline whose job was missing');
    return true;
  }
}
