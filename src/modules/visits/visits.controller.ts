import { Body, Controller, Get, Headers, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, Permissions } from '../../core/auth/auth.decorators';
import type { AuthPrincipal } from '../../core/auth/principal';
import { ANY_ROLE } from '../../core/auth/roles';
import { IdParamDto } from '../../core/common/id-param.dto';
import { DomainException } from '../../core/errors/domain.exception';
import { ApiReadErrors } from '../../core/errors/error-body.dto';
import {
  CalendarPageDto,
  IntelligencePageDto,
  IntelligenceQueryDto,
  VisitCalendarQueryDto,
  VisitCreateDto,
  VisitListQueryDto,
  VisitPageDto,
  VisitResponseDto,
  VisitUpdateDto,
} from './dto/visit.dto';
import { VisitsService } from './visits.service';

const VISIT_WRITERS = ['admin', 'officer', 'resident'] as const;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

@ApiTags('visits')
@ApiReadErrors()
@Controller()
export class VisitsController {
  constructor(private readonly visits: VisitsService) {}

  @Post('visits')
  @Permissions(...VISIT_WRITERS)
  @ApiOperation({ summary: 'Log or plan a whole visit in one request; may open a lead; warns of other teams’ visits' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'A retried POST with the same key returns the first visit',
  })
  @ApiCreatedResponse({ type: VisitResponseDto })
  create(
    @Auth() principal: AuthPrincipal,
    @Body() body: VisitCreateDto,
    @Headers('idempotency-key') key?: string,
  ): Promise<VisitResponseDto> {
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
      throw DomainException.validation(
        'Idempotency-Key',
        'matches',
        'must be 8-128 letters, digits, _ . : or - (a UUID works)',
      );
    }
    return this.visits.create(principal, body, key);
  }

  @Get('visits')
  @Permissions(...ANY_ROLE)
  @ApiOperation({ summary: 'Visits inside your jurisdiction (residents: their team’s and their own), newest first' })
  @ApiOkResponse({ type: VisitPageDto })
  list(@Auth() principal: AuthPrincipal, @Query() query: VisitListQueryDto): Promise<VisitPageDto> {
    return this.visits.list(principal, query);
  }

  @Get('visits/calendar')
  @Permissions(...ANY_ROLE)
  @ApiOperation({
    summary: 'Planned and done visits across teams in a period; other units’ visits of a company as dates only',
  })
  @ApiOkResponse({ type: CalendarPageDto })
  calendar(@Auth() principal: AuthPrincipal, @Query() query: VisitCalendarQueryDto): Promise<CalendarPageDto> {
    return this.visits.calendar(principal, query);
  }

  @Get('visits/:id')
  @Permissions(...ANY_ROLE)
  @ApiOperation({ summary: 'One visit' })
  @ApiOkResponse({ type: VisitResponseDto })
  get(@Auth() principal: AuthPrincipal, @Param() params: IdParamDto): Promise<VisitResponseDto> {
    return this.visits.get(principal, params.id);
  }

  @Patch('visits/:id')
  @Permissions(...VISIT_WRITERS)
  @ApiOperation({ summary: 'Complete, cancel or edit a visit; send the version you read' })
  @ApiOkResponse({ type: VisitResponseDto })
  update(
    @Auth() principal: AuthPrincipal,
    @Param() params: IdParamDto,
    @Body() body: VisitUpdateDto,
  ): Promise<VisitResponseDto> {
    return this.visits.update(principal, params.id, body);
  }

  @Get('intelligence')
  @Permissions('admin', 'manager')
  @ApiOperation({ summary: 'Newest medium and high intent signals from visits across teams in your jurisdiction' })
  @ApiOkResponse({ type: IntelligencePageDto })
  intelligence(@Auth() principal: AuthPrincipal, @Query() query: IntelligenceQueryDto): Promise<IntelligencePageDto> {
    return this.visits.intelligence(principal, query);
  }
}
