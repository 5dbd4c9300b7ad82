import { Processor } from '@nestjs/bullmq';
import { JobHandlers, JobRouter } from '../../../core/queue/job-router';
import { JobName, QueueName } from '../../../core/queue/queue.constants';
import { WorkerHeartbeatStore } from '../worker-heartbeat.store';

/** Housekeeping jobs of the worker pool itself. */
@Processor(QueueName.System, { concurrency: 1 })
export class SystemJobsProcessor extends JobRouter<typeof QueueName.System> {
  readonly queueName = QueueName.System;
  readonly handlers: JobHandlers<typeof QueueName.System> = {
    [JobName.WorkerHeartbeat]: () => this.heartbeats.beat(),
  };

  constructor(private readonly heartbeats: WorkerHeartbeatStore) {
    super();
  }
}
