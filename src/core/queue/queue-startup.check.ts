import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { JobRouter } from './job-router';
import { QUEUE_JOBS, QueueName } from './queue.constants';

/** Lists every queued job name that no registered processor handles. */
export function findUnhandledJobs(routers: Array<{ queueName: QueueName; handlers: object }>): string[] {
  const handled = new Set(
    routers.flatMap((router) => Object.keys(router.handlers).map((job) => `${router.queueName}/${job}`)),
  );
  return Object.entries(QUEUE_JOBS).flatMap(([queue, jobs]) =>
    jobs.map((job) => `${queue}/${job}`).filter((name) => !handled.has(name)),
  );
}

/** Refuses to start a worker process that would leave some job name without a handler. */
@Injectable()
export class QueueStartupCheck implements OnApplicationBootstrap {
  constructor(private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    const routers = this.discovery
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is JobRouter<QueueName> => instance instanceof JobRouter);
    const missing = findUnhandledJobs(routers);
    if (missing.length > 0) throw new Error(`Jobs without a handler: ${missing.join(', ')}`);
  }
}
