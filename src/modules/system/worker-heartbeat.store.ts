import { Injectable } from '@nestjs/common';
import type { RedisClient } from '../../core/redis/redis-connection';
import { hostname } from 'node:os';
import { InjectConfig } from '../../core/config/config.module';
import type { AppConfig } from '../../core/config/app-config';
import { InjectRedis } from '../../core/redis/redis.module';
import { WORKER_HEARTBEAT_EVERY_MS } from '../../core/queue/queue.constants';

/** When a worker last ran a job: lets an API-only instance tell operators whether any worker is alive. */
@Injectable()
export class WorkerHeartbeatStore {
  private readonly key: string;

  constructor(
    @InjectRedis() private readonly redis: RedisClient,
    @InjectConfig() config: AppConfig,
  ) {
    this.key = `${config.queuePrefix}:worker-heartbeat`;
  }

  async beat(at: Date = new Date()): Promise<void> {
    const value = JSON.stringify({ at: at.toISOString(), host: hostname(), pid: process.pid });
    // Expires after four missed beats, so a dead worker pool shows as null, not as an old time.
    await this.redis.set(this.key, value, 'PX', WORKER_HEARTBEAT_EVERY_MS * 4);
  }

  async lastBeat(): Promise<string | null> {
    const value = await this.redis.get(this.key);
    return value ? (JSON.parse(value) as { at: string }).at : null;
  }
}
