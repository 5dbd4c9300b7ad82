import { Module } from '@nestjs/common';
import { QueueModule } from '../../core/queue/queue.module';
import { QueuesController } from './queues.controller';
import { WorkerHeartbeatStore } from './worker-heartbeat.store';

@Module({
  imports: [QueueModule],
  controllers: [QueuesController],
  providers: [WorkerHeartbeatStore],
  exports: [WorkerHeartbeatStore],
})
export class SystemModule {}
