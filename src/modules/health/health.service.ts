import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { RedisClient } from '../../core/redis/redis-connection';
import { DataSource } from 'typeorm';
import { InjectRedis } from '../../core/redis/redis.module';
import { WorkerHeartbeatStore } from '../system/worker-heartbeat.store';

export type ComponentStatus = 'up' | 'down';

export interface ReadinessReport {
  database: { status: ComponentStatus; error?: string };
  redis: { status: ComponentStatus; error?: string };
  workers: { lastHeartbeatAt: string | null };
}

const CHECK_TIMEOUT_MS = 2_000;

/** Asks the database and Redis whether they answer now, each within 2 s. */
@Injectable()
export class HealthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRedis() private readonly redis: RedisClient,
    private readonly heartbeats: WorkerHeartbeatStore,
  ) {}

  async readiness(): Promise<ReadinessReport> {
    const [database, redis] = await Promise.all([
      probe(() => this.dataSource.query('SELECT 1')),
      probe(() => this.redis.ping()),
    ]);
    const lastHeartbeatAt = redis.status === 'up' ? await this.heartbeats.lastBeat().catch(() => null) : null;
    return { database, redis, workers: { lastHeartbeatAt } };
  }
}

async function probe(check: () => Promise<unknown>): Promise<{ status: ComponentStatus; error?: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { status: 'up' };
  } catch (error) {
    return { status: 'down', error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
