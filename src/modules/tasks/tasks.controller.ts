import { Body, Controller, Get, Header, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { Auth, Permissions, Public } from '../../core/auth/auth.decorators';
import type { AuthPrincipal } from '../../core/auth/principal';
import { ANY_ROLE } from '../../core/auth/roles';
import { IdParamDto } from '../../core/common/id-param.dto';
import { ApiReadErrors } from '../../core/errors/error-body.dto';
import { CalendarService } from './calendar.service';
import {
  SlipAnswerDto,
  SlipListQueryDto,
  SlipPageDto,
  SlipResponseDto,
  TaskCreateDto,
  TaskListQueryDto,
  TaskPageDto,
  TaskResponseDto,
  TaskUpdateDto,
} from './dto/task.dto';
import { SupervisionService } from './supervision.service';
import { TasksService } from './tasks.service';

@ApiTags('tasks')
@ApiReadErrors()
@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @Permissions(...ANY_ROLE)
  @ApiOperation({ summary: 'Tasks, earliest due first: ?assignee=me&status=open&dueBefore= is "my day"' })
  @ApiOkResponse({ type: TaskPageDto })
  list(@Auth() principal: AuthPrincipal, @Query() query: TaskListQueryDto): Promise<TaskPageDto> {
    return this.tasks.list(principal, query);
  }

  @Post()
  @Permissions(...ANY_ROLE)
  @ApiOperation({ summary: 'A follow-up with a due time; reminded at remindAt (default 09:00 the working day before)' })
  @ApiCreatedResponse({ type: TaskResponseDto })
  create(@Auth() principal: AuthPrincipal, @Body() body: TaskCreateDto): Promise<TaskResponseDto> {
    return this.tasks.create(principal, body);
  }

  @Get(':id')
  @Permissions(...ANY_ROLE)
  @ApiOperation({ summary: 'One task (404 unless yours or in your jurisdiction)' })
  @ApiOkResponse({ type: TaskResponseDto })
  get(@Auth() principal: AuthPrincipal, @Param() params: IdParamDto): Promise<TaskResponseDto> {
    return this.tasks.get(principal, params.id);
  }

  @Patch(':id')
  @Permissions(...ANY_ROLE)
  @ApiOperation({ summary: 'Reschedule, reassign, complete (status done) or cancel a task; send the version you read' })
  @ApiOkResponse({ type: TaskResponseDto })
  update(
    @Auth() principal: AuthPrincipal,
    @Param() params: IdParamDto,
    @Body() body: TaskUpdateDto,
  ): Promise<TaskResponseDto> {
    return this.tasks.update(principal, params.id, body);
  }
}

@ApiTags('tasks')
@ApiReadErrors()
@Controller('supervision-slips')
export class SupervisionController {
  constructor(private readonly supervision: SupervisionService) {}

  @Get()
  @Permissions('admin', 'manager', 'officer')
  @ApiOperation({ summary: '督办单 of red leads in your jurisdiction, newest first' })
  @ApiOkResponse({ type: SlipPageDto })
  list(@Auth() principal: AuthPrincipal, @Query() query: SlipListQueryDto): Promise<SlipPageDto> {
    return this.supervision.list(principal, query);
  }

  @Post(':id/answer')
  @HttpCode(200)
  @Permissions('admin', 'manager')
  @ApiOperation({ summary: 'The managers answer a supervision slip' })
  @ApiOkResponse({ type: SlipResponseDto })
  answer(
    @Auth() principal: AuthPrincipal,
    @Param() params: IdParamDto,
    @Body() body: SlipAnswerDto,
  ): Promise<SlipResponseDto> {
    return this.supervision.answer(principal, params.id, body);
  }
}

class CalendarTokenDto {
  @ApiProperty({ description: 'The secret; shown once' }) token: string;
  @ApiProperty({ example: '/api/v1/calendar/Xy….ics', description: 'Subscribe to this path on this server' })
  path: string;
}

class CalendarFileParamDto {
  @ApiProperty({ example: 'Xy….ics' })
  @Matches(/^[A-Za-z0-9_-]{20,100}\.ics$/, { message: 'must be <token>.ics' })
  file: string;
}

@ApiTags('tasks')
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Post('token')
  @Permissions(...ANY_ROLE)
  @ApiOperation({ summary: 'A new secret calendar feed address (the old one stops working)' })
  @ApiCreatedResponse({ type: CalendarTokenDto })
  token(@Auth() principal: AuthPrincipal): Promise<CalendarTokenDto> {
    return this.calendar.regenerateToken(principal);
  }

  @Get(':file')
  @Public()
  @Header('content-type', 'text/calendar; charset=utf-8')
  @Header('cache-control', 'private, max-age=300')
  @ApiOperation({ summary: 'Your open tasks and planned visits as iCalendar; the token in the address is the key' })
  @ApiProduces('text/calendar')
  @ApiOkResponse({
    description: 'An iCalendar (RFC 5545) document',
    content: { 'text/calendar': { schema: { type: 'string' } } },
  })
  feed(@Param() params: CalendarFileParamDto): Promise<string> {
    return this.calendar.feed(params.file.slice(0, -'.ics'.length));
  }
}
