import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { bullConnection, closeBullClusters } from '../redis/redis-connection';
import { DEFAULT_JOB_OPTIONS, QueueName } from './queue.constants';
import { throttledErrorLogger } from './throttled-error-log';

const queues = Object.values(QueueName).map((name) => BullModule.registerQueue({ name }));

/** BullMQ on Redis: one connection config, the QUEUE_PREFIX, default job options, every queue registered. */
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        // Workers block on Redis; BullMQ requires unlimited retries per request there.
        connection: bullConnection(config.redis),
        prefix: config.queuePrefix,
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
      }),
    }),
    ...queues,
  ],
  exports: queues,
})
export class QueueModule implements OnModuleInit, OnApplicationShutdown {
  constructor(private readonly moduleRef: ModuleRef) {}

  onModuleInit(): void {
    for (const name of Object.values(QueueName))
      this.moduleRef
        .get<Queue>(getQueueToken(name), { strict: false })
        .on('error', throttledErrorLogger(`queue ${name}`));
  }

  async onApplicationShutdown(): Promise<void> {
    await closeBullClusters();
  }
}
