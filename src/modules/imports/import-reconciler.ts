import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { freeJobId } from '../../core/queue/enqueue';
import { JobName, QueueName } from '../../core/queue/queue.constants';
import { ImportsRepository } from './imports.repository';

/** An import untouched this long has lost its job (Redis flushed, job removed) unless the queue still holds it. */
const QUIET_FOR_MS = 2 * 60_000;

export const leadImportJobId = (importId: string): string => `lead-import-${importId}`;

/**
 * The database is the truth for imports: an unfinished import whose job is gone from Redis is queued again, so a
 * flushed or replaced Redis loses no import. Rows already processed are skipped when it runs.
 */
@Injectable()
export class ImportReconciler {
  private readonly logger = new Logger(ImportReconciler.name);

  constructor(
    private readonly imports: ImportsRepository,
    @InjectQueue(QueueName.Imports) private readonly importQueue: Queue,
  ) {}

  async reconcile(quietForMs = QUIET_FOR_MS): Promise<string[]> {
    const requeued: string[] = [];
    for (const record of await this.imports.unfinishedSince(new Date(Date.now() - quietForMs))) {
      const importId = String(record.id);
      if (!(await freeJobId(this.importQueue, leadImportJobId(importId)))) continue;
      await this.importQueue.add(JobName.LeadImport, { importId }, { jobId: leadImportJobId(importId) });
      requeued.push(importId);
    }
    if (requeued.length > 0) this.logger.warn({ imports: requeued }, 'Re-queued imports whose jobs were lost');
    return requeued;
  }
}
