import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../../core/auth/auth.decorators';
import { DomainException } from '../../core/errors/domain.exception';
import { ErrorBodyDto } from '../../core/errors/error-body.dto';
import { ErrorCode } from '../../core/errors/error-codes';
import { HealthService } from './health.service';
import type { ReadinessReport } from './health.service';

/** One component's answer: up, or down with the reason. */
const COMPONENT_CHECK = {
  type: 'object' as const,
  properties: { status: { type: 'string' as const, enum: ['up', 'down'] }, error: { type: 'string' as const } },
  required: ['status'],
};

class HealthLivenessDto {
  @ApiProperty({ example: 'ok' })
  status: 'ok';
}

class HealthReadinessDto {
  @ApiProperty({ example: 'ok' })
  status: 'ok';

  @ApiProperty({
    type: 'object',
    properties: {
      database: COMPONENT_CHECK,
      redis: COMPONENT_CHECK,
      workers: {
        type: 'object',
        properties: { lastHeartbeatAt: { type: 'string', format: 'date-time', nullable: true } },
        required: ['lastHeartbeatAt'],
      },
    },
    required: ['database', 'redis', 'workers'],
    example: { database: { status: 'up' }, redis: { status: 'up' }, workers: { lastHeartbeatAt: null } },
  })
  checks: ReadinessReport;
}

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get('live')
  @ApiOperation({ summary: 'The process is up' })
  @ApiOkResponse({ type: HealthLivenessDto })
  live(): HealthLivenessDto {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'The database and Redis answer; 503 NOT_READY names the one that does not' })
  @ApiOkResponse({ type: HealthReadinessDto })
  @ApiServiceUnavailableResponse({ type: ErrorBodyDto })
  async ready(): Promise<HealthReadinessDto> {
    const checks = await this.health.readiness();
    const down = (['database', 'redis'] as const).filter((name) => checks[name].status === 'down');
    if (down.length > 0) {
      throw new DomainException(
        ErrorCode.NotReady,
        `Not ready: ${down.join(' and ')} ${down.length > 1 ? 'are' : 'is'} down`,
        down.map((name) => ({ field: name, constraint: 'reachable', message: checks[name].error ?? 'down' })),
      );
    }
    return { status: 'ok', checks };
  }
}
