import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

/**
 * A worker's BullMQ job schedulers (one run per period however many workers start). The schedules live in Redis,
 * so a flushed Redis would stop them until the next restart: each worker re-asserts them every period, which
 * changes nothing while they are there.
 */
export abstract class KeptSchedules implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly keeperLogger = new Logger('KeptSchedules');
  private timer?: NodeJS.Timeout;

  /** How often to re-assert the schedules. */
  protected abstract readonly reassertEveryMs: number;

  /** Upserts every schedule (upsertJobScheduler is idempotent). */
  protected abstract upsert(): Promise<void>;

  async onApplicationBootstrap(): Promise<void> {
    await this.upsert();
    this.timer = setInterval(() => {
      this.upsert().catch((error: unknown) =>
        this.keeperLogger.warn({ err: error, schedules: this.constructor.name }, 'Could not re-assert job schedules'),
      );
    }, this.reassertEveryMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }
}
