import { Injectable, Logger } from '@nestjs/common';
import { InjectConfig } from '../../core/config/config.module';
import type { AppConfig } from '../../core/config/app-config';
import { DeadlineRunner } from './deadline.runner';
import { DeadlineScheduler } from './deadline.scheduler';
import { LinkageRepository } from './linkage.repository';

/** A due deadline whose job has not fired it this long after its time is fired here instead. */
const LATE_AFTER_MS = 5_000;
const BATCH = 500;

export interface ReconcileReport {
  fired: number;
  requeued: number;
  failed: number;
}

/**
 * The database is the truth for deadlines. Each pass fires the rows whose time passed without their job (Redis
 * flushed, a worker down), and makes sure every row due before the next pass or two has a live job. Rows further
 * out got their job when they were created, and are checked again as their time comes near.
 */
@Injectable()
export class DeadlineReconciler {
  private readonly logger = new Logger(DeadlineReconciler.name);

  constructor(
    private readonly linkage: LinkageRepository,
    private readonly runner: DeadlineRunner,
    private readonly scheduler: DeadlineScheduler,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async reconcile(): Promise<ReconcileReport> {
    const now = Date.now();
    const horizon = new Date(now + 3 * this.config.linkageReconcileSeconds * 1000);
    const report: ReconcileReport = { fired: 0, requeued: 0, failed: 0 };
    for (const row of await this.linkage.scheduledBefore(horizon, BATCH)) {
      try {
        if (row.fireAt.getTime() < now - LATE_AFTER_MS) {
          if ((await this.runner.fire(String(row.id))) !== 'skipped') report.fired += 1;
        } else if (await this.scheduler.ensureJob(row)) {
          report.requeued += 1;
        }
      } catch (error) {
        // One row that cannot fire must not hold up the rest; it is tried again next pass.
        report.failed += 1;
        this.logger.error({ err: error, deadlineId: String(row.id) }, 'A deadline could not be reconciled');
      }
    }
    if (report.fired + report.requeued + report.failed > 0) this.logger.warn(report, 'Reconciled linkage deadlines');
    return report;
  }
}
