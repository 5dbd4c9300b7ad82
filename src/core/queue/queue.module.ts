import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import type { RedisOptions as BullRedisOptions } from 'bullmq';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { redisOptions } from '../redis/redis-connection';
import { DEFAULT_JOB_OPTIONS, QueueName } from './queue.constants';

const queues = Object.values(QueueName).map((name) => BullModule.registerQueue({ name }));

/** BullMQ on Redis: one connection config, the QUEUE_PREFIX, default job options, every queue registered. */
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        // Workers block on Redis; BullMQ requires unlimited retries per request there.
        connection: { ...redisOptions(config.redis), maxRetriesPerRequest: null } as BullRedisOptions,
        prefix: config.queuePrefix,
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
      }),
    }),
    ...queues,
  ],
  exports: queues,
})
export class QueueModule {}
