import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';
import { JobName, QueueName, WORKER_HEARTBEAT_EVERY_MS } from '../../../core/queue/queue.constants';

/** Registers the recurring system jobs; upsert keeps one schedule however many workers start. */
@Injectable()
export class SystemJobsScheduler implements OnApplicationBootstrap {
  constructor(@InjectQueue(QueueName.System) private readonly systemQueue: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.systemQueue.upsertJobScheduler(
      JobName.WorkerHeartbeat,
      { every: WORKER_HEARTBEAT_EVERY_MS },
      { name: JobName.WorkerHeartbeat },
    );
  }
}
