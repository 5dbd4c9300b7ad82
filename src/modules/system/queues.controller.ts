import { getQueueToken } from '@nestjs/bullmq';
import { Controller, Get } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { Queue } from 'bullmq';
import { Permissions } from '../../core/auth/auth.decorators';
import { ApiReadErrors } from '../../core/errors/error-body.dto';
import { QueueName } from '../../core/queue/queue.constants';

class QueueHealthDto {
  @ApiProperty({ enum: Object.values(QueueName) }) name: string;
  @ApiProperty() waiting: number;
  @ApiProperty() delayed: number;
  @ApiProperty() active: number;
  @ApiProperty() failed: number;
  @ApiProperty() completed: number;
  @ApiProperty() paused: boolean;
}

class QueueHealthListDto {
  @ApiProperty({ type: [QueueHealthDto] }) items: QueueHealthDto[];
}

@ApiTags('admin')
@ApiReadErrors()
@Controller('admin/queues')
export class QueuesController {
  constructor(private readonly moduleRef: ModuleRef) {}

  @Get()
  @Permissions('admin')
  @ApiOperation({ summary: 'Jobs per queue: waiting, delayed, active, failed (the board is at /admin/queues)' })
  @ApiOkResponse({ type: QueueHealthListDto })
  async list(): Promise<QueueHealthListDto> {
    const items = await Promise.all(
      Object.values(QueueName).map(async (name) => {
        const queue = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
        const counts = await queue.getJobCounts('waiting', 'delayed', 'active', 'failed', 'completed', 'prioritized');
        return {
          name,
          waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
          delayed: counts.delayed ?? 0,
          active: counts.active ?? 0,
          failed: counts.failed ?? 0,
          completed: counts.completed ?? 0,
          paused: await queue.isPaused(),
        };
      }),
    );
    return { items };
  }
}
