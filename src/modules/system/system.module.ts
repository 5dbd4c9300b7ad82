import { Module } from '@nestjs/common';
import { WorkerHeartbeatStore } from './worker-heartbeat.store';

@Module({
  providers: [WorkerHeartbeatStore],
  exports: [WorkerHeartbeatStore],
})
export class SystemModule {}
