import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Auth, Permissions } from '../../core/auth/auth.decorators';
import type { AuthPrincipal } from '../../core/auth/principal';
import { ANY_ROLE } from '../../core/auth/roles';
import { IdParamDto } from '../../core/common/id-param.dto';
import { PageQueryDto } from '../../core/common/pagination';
import { ApiReadErrors, ErrorBodyDto } from '../../core/errors/error-body.dto';
import {
  LeadBoardDto,
  LeadBoardQueryDto,
  LeadCreateDto,
  LeadFundCreateDto,
  LeadListQueryDto,
  LeadNoteCreateDto,
  LeadPageDto,
  LeadResponseDto,
  LeadTransitionDto,
  LeadUpdateDto,
  TimelineEntryDto,
  TimelineQueryDto,
  TimelinePageDto,
} from './dto/lead.dto';
import {
  LeadInvestmentDto,
  LeadInvestmentPageDto,
  LeadInvestmentParamDto,
  LeadInvestmentPutDto,
} from './dto/lead-investment.dto';
import { LeadInvestmentsService } from './lead-investments.service';
import { LeadsService } from './leads.service';

/** Writers of leads: officers and administrators; residents for the leads they created. Managers read. */
const LEAD_WRITERS = ['admin', 'officer', 'resident'] as const;

@ApiTags('leads')
@ApiReadErrors()
@Controller('leads')
export class LeadsController {
  constructor(
    private readonly leads: LeadsService,
    private readonly investments: LeadInvestmentsService,
  ) {}

  @Get()
  @Permissions(...ANY_ROLE)
  @ApiOperation({ summary: 'Leads inside your jurisdiction, filtered and sorted, cursor-paginated' })
  @ApiOkResponse({ type: LeadPageDto })
  list(@Auth() principal: AuthPrincipal, @Query() query: LeadListQueryDto): Promise<LeadPageDto> {
    return this.leads.list(principal, query);
  }

  @Get('board')
  @Permissions(...ANY_ROLE)
  @ApiOperation({
    summary: 'The kanban: per stage, the first page of GET /leads?stage=… for the same filters, with its total',
  })
  @ApiOkResponse({ type: LeadBoardDto })
  board(@Auth() principal: AuthPrincipal, @Query() query: LeadBoardQueryDto): Promise<LeadBoardDto> {
    return this.leads.board(principal, query);
  }

  @Post()
  @Permissions(...LEAD_WRITERS)
  @ApiOperation({ summary: 'Register an investment project for a company' })
  @ApiCreatedResponse({ type: LeadResponseDto })
  create(@Auth() principal: AuthPrincipal, @Body() body: LeadCreateDto): Promise<LeadResponseDto> {
    return this.leads.create(principal, body);
  }

  @Get(':id')
  @Permissions(...ANY_ROLE)
  @ApiOperation({ summary: 'One lead (404 outside your jurisdiction)' })
  @ApiOkResponse({ type: LeadResponseDto })
  get(@Auth() principal: AuthPrincipal, @Param() params: IdParamDto): Promise<LeadResponseDto> {
    return this.leads.get(principal, params.id);
  }

  @Patch(':id')
  @Permissions(...LEAD_WRITERS)
  @ApiOperation({ summary: 'Edit a lead’s details (stages change through transitions); send the version you read' })
  @ApiOkResponse({ type: LeadResponseDto })
  @ApiConflictResponse({ type: ErrorBodyDto, description: 'VERSION_CONFLICT' })
  update(
    @Auth() principal: AuthPrincipal,
    @Param() params: IdParamDto,
    @Body() body: LeadUpdateDto,
  ): Promise<LeadResponseDto> {
    return this.leads.update(principal, params.id, body);
  }

  @Post(':id/transitions')
  @Permissions(...LEAD_WRITERS)
  @ApiOperation({ summary: 'Move a lead to another stage, with the fields that stage requires' })
  @ApiCreatedResponse({ type: LeadResponseDto })
  @ApiConflictResponse({ type: ErrorBodyDto, description: 'CONFLICT (with the allowed stages) or VERSION_CONFLICT' })
  transition(
    @Auth() principal: AuthPrincipal,
    @Param() params: IdParamDto,
    @Body() body: LeadTransitionDto,
  ): Promise<LeadResponseDto> {
    return this.leads.transition(principal, params.id, body);
  }

  @Post(':id/notes')
  @Permissions(...LEAD_WRITERS)
  @ApiOperation({ summary: 'Add a note to a lead' })
  @ApiCreatedResponse({ type: TimelineEntryDto })
  addNote(
    @Auth() principal: AuthPrincipal,
    @Param() params: IdParamDto,
    @Body() body: LeadNoteCreateDto,
  ): Promise<TimelineEntryDto> {
    return this.leads.addNote(principal, params.id, body);
  }

  @Post(':id/funds')
  @Permissions(...LEAD_WRITERS)
  @ApiOperation({ summary: 'Record funds received (到资) for a signed project' })
  @ApiCreatedResponse({ type: LeadResponseDto })
  addFunds(
    @Auth() principal: AuthPrincipal,
    @Param() params: IdParamDto,
    @Body() body: LeadFundCreateDto,
  ): Promise<LeadResponseDto> {
    return this.leads.addFunds(principal, params.id, body);
  }

  @Get(':id/investments')
  @Permissions(...ANY_ROLE)
  @ApiOperation({ summary: '完成投资 of a project by month, newest first, with its total' })
  @ApiOkResponse({ type: LeadInvestmentPageDto })
  listInvestments(
    @Auth() principal: AuthPrincipal,
    @Param() params: IdParamDto,
    @Query() query: PageQueryDto,
  ): Promise<LeadInvestmentPageDto> {
    return this.investments.list(principal, params.id, query);
  }

  @Put(':id/investments/:period')
  @Permissions(...LEAD_WRITERS)
  @ApiOperation({
    summary:
      'Record or correct the 完成投资 of one month for a project under construction; a correction sends the version',
  })
  @ApiOkResponse({ type: LeadInvestmentDto })
  @ApiConflictResponse({ type: ErrorBodyDto, description: 'CONFLICT (not under construction) or VERSION_CONFLICT' })
  putInvestment(
    @Auth() principal: AuthPrincipal,
    @Param() params: LeadInvestmentParamDto,
    @Body() body: LeadInvestmentPutDto,
  ): Promise<LeadInvestmentDto> {
    return this.investments.put(principal, params.id, params.period, body);
  }

  @Delete(':id/investments/:period')
  @Permissions(...LEAD_WRITERS)
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove the 完成投资 recorded for one month' })
  @ApiNoContentResponse()
  removeInvestment(@Auth() principal: AuthPrincipal, @Param() params: LeadInvestmentParamDto): Promise<void> {
    return this.investments.remove(principal, params.id, params.period);
  }

  @Get(':id/timeline')
  @Permissions(...ANY_ROLE)
  @ApiOperation({ summary: 'Stage changes, notes, funds and visits of a lead, newest first' })
  @ApiOkResponse({ type: TimelinePageDto })
  timeline(
    @Auth() principal: AuthPrincipal,
    @Param() params: IdParamDto,
    @Query() query: TimelineQueryDto,
  ): Promise<TimelinePageDto> {
    return this.leads.timeline(principal, params.id, query);
  }
}
