import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, Permissions } from '../../core/auth/auth.decorators';
import type { AuthPrincipal } from '../../core/auth/principal';
import { ANY_ROLE } from '../../core/auth/roles';
import { ApiReadErrors } from '../../core/errors/error-body.dto';
import { CalendarService } from './calendar.service';
import {
  CalendarYearDto,
  CalendarYearListQueryDto,
  CalendarYearPageDto,
  CalendarYearParamDto,
  CalendarYearPutDto,
  DeadlinePreviewDto,
  DeadlinePreviewQueryDto,
} from './dto/calendar.dto';

@ApiTags('working-days')
@ApiReadErrors()
@Controller('working-days')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get('years')
  @Permissions(...ANY_ROLE)
  @ApiOperation({
    summary: 'The maintained years (Guangxi holidays, make-up days), newest first, with what needs doing',
  })
  @ApiOkResponse({ type: CalendarYearPageDto })
  list(@Query() query: CalendarYearListQueryDto): Promise<CalendarYearPageDto> {
    return this.calendar.list(query);
  }

  @Get('years/:year')
  @Permissions(...ANY_ROLE)
  @ApiOperation({ summary: 'One maintained year: its days, and the national days beside them' })
  @ApiOkResponse({ type: CalendarYearDto })
  get(@Param() params: CalendarYearParamDto): Promise<CalendarYearDto> {
    return this.calendar.get(params.year);
  }

  @Put('years/:year')
  @Permissions('admin')
  @ApiOperation({ summary: 'Set a year’s Guangxi holidays and make-up days (replaces them; every deadline follows)' })
  @ApiOkResponse({ type: CalendarYearDto })
  put(
    @Auth() principal: AuthPrincipal,
    @Param() params: CalendarYearParamDto,
    @Body() body: CalendarYearPutDto,
  ): Promise<CalendarYearDto> {
    return this.calendar.put(principal, params.year, body);
  }

  @Get('deadline')
  @Permissions(...ANY_ROLE)
  @ApiOperation({ summary: 'When a period starting at `from` ends by the calendar, and the days off it steps over' })
  @ApiOkResponse({ type: DeadlinePreviewDto })
  preview(@Query() query: DeadlinePreviewQueryDto): DeadlinePreviewDto {
    return this.calendar.preview(query);
  }
}
