import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Auth, Permissions } from '../../core/auth/auth.decorators';
import type { AuthPrincipal } from '../../core/auth/principal';
import { ANY_ROLE } from '../../core/auth/roles';
import { IdParamDto } from '../../core/common/id-param.dto';
import { PageOf, PageQueryDto } from '../../core/common/pagination';
import { ApiReadErrors, ErrorBodyDto } from '../../core/errors/error-body.dto';
import { ConflictsService } from './conflicts.service';
import {
  BoardPageDto,
  BoardQueryDto,
  CollaboratorCreateDto,
  CollaboratorListDto,
  CollaboratorParamsDto,
  CollaboratorResponseDto,
  ConflictDetailDto,
  ConflictListQueryDto,
  ConflictPageDto,
  ConflictResolveDto,
  ConflictResponseDto,
  DispatchAcceptDto,
  DispatchCreateDto,
  DispatchResponseDto,
  DispatchReturnDto,
  DispatchWithdrawDto,
  EscalationAnswerDto,
  EscalationCreateDto,
  EscalationResponseDto,
  OutboxQueryDto,
} from './dto/linkage.dto';
import { LinkageService } from './linkage.service';

/**
 * Units act through their officers and managers; administrators act for any unit. Residents read the linkage
 * history of the leads they reach (on the lead), not their unit's boards.
 */
const UNIT_ACTORS = ['admin', 'manager', 'officer'] as const;
/** Answers and rulings are decisions of the superior unit's managers. */
const DECIDERS = ['admin', 'manager'] as const;

class DispatchPageDto extends PageOf(DispatchResponseDto) {}
class EscalationPageDto extends PageOf(EscalationResponseDto) {}

@ApiTags('linkage')
@ApiReadErrors()
@ApiForbiddenResponse({ type: ErrorBodyDto, description: 'FORBIDDEN: your unit may see this but not act on it' })
@Controller('leads/:id')
export class LeadLinkageController {
  constructor(private readonly linkage: LinkageService) {}

  @Post('dispatches')
  @Permissions(...UNIT_ACTORS)
  @ApiOperation({
    summary: 'Send the lead to a unit below the holder, or with a reason to its parent; one pending at a time',
  })
  @ApiCreatedResponse({ type: DispatchResponseDto })
  @ApiConflictResponse({
    type: ErrorBodyDto,
    description: 'CONFLICT: another dispatch is pending, or the lead is closed',
  })
  dispatch(
    @Auth() principal: AuthPrincipal,
    @Param() params: IdParamDto,
    @Body() body: DispatchCreateDto,
  ): Promise<DispatchResponseDto> {
    return this.linkage.dispatch(principal, params.id, body);
  }

  @Get('dispatches')
  @Permissions(...ANY_ROLE)
  @ApiOperation({ summary: 'The lead’s dispatches, newest first' })
  @ApiOkResponse({ type: DispatchPageDto })
  dispatches(
    @Auth() principal: AuthPrincipal,
    @Param() params: IdParamDto,
    @Query() query: PageQueryDto,
  ): Promise<DispatchPageDto> {
    return this.linkage.listDispatches(principal, params.id, query);
  }

  @Get('collaborators')
  @Permissions(...ANY_ROLE)
  @ApiOperation({ summary: 'Units co-handling the lead (联合跟进)' })
  @ApiOkResponse({ type: CollaboratorListDto })
  async collaborators(@Auth() principal: AuthPrincipal, @Param() params: IdParamDto): Promise<CollaboratorListDto> {
    return { items: await this.linkage.listCollaborators(principal, params.id), nextCursor: null };
  }

  @Post('collaborators')
  @Permissions(...UNIT_ACTORS)
  @ApiOperation({
    summary: 'Add a supporting unit: it sees the lead and adds notes and visits; only the holder moves stages',
  })
  @ApiCreatedResponse({ type: CollaboratorResponseDto })
  addCollaborator(
    @Auth() principal: AuthPrincipal,
    @Param() params: IdParamDto,
    @Body() body: CollaboratorCreateDto,
  ): Promise<CollaboratorResponseDto> {
    return this.linkage.addCollaborator(principal, params.id, body);
  }

  @Delete('collaborators/:regionCode')
  @HttpCode(204)
  @Permissions(...UNIT_ACTORS)
  @ApiOperation({ summary: 'Remove a supporting unit' })
  @ApiNoContentResponse()
  removeCollaborator(@Auth() principal: AuthPrincipal, @Param() params: CollaboratorParamsDto): Promise<void> {
    return this.linkage.removeCollaborator(principal, params.id, params.regionCode);
  }

  @Post('escalations')
  @Permissions(...UNIT_ACTORS)
  @ApiOperation({
    summary: 'Ask the parent unit’s managers for what the holder cannot grant (land quota, 一事一议, ...)',
  })
  @ApiCreatedResponse({ type: EscalationResponseDto })
  escalate(
    @Auth() principal: AuthPrincipal,
    @Param() params: IdParamDto,
    @Body() body: EscalationCreateDto,
  ): Promise<EscalationResponseDto> {
    return this.linkage.escalate(principal, params.id, body);
  }

  @Get('escalations')
  @Permissions(...ANY_ROLE)
  @ApiOperation({ summary: 'The lead’s escalations, newest first' })
  @ApiOkResponse({ type: EscalationPageDto })
  escalations(
    @Auth() principal: AuthPrincipal,
    @Param() params: IdParamDto,
    @Query() query: PageQueryDto,
  ): Promise<EscalationPageDto> {
    return this.linkage.listEscalations(principal, params.id, query);
  }
}

@ApiTags('linkage')
@ApiReadErrors()
@ApiForbiddenResponse({ type: ErrorBodyDto, description: 'FORBIDDEN: only the receiving (or sending) unit acts' })
@ApiConflictResponse({
  type: ErrorBodyDto,
  description: 'CONFLICT: no longer pending; VERSION_CONFLICT: stale version',
})
@Controller('dispatches')
export class DispatchesController {
  constructor(private readonly linkage: LinkageService) {}

  @Get(':id')
  @Permissions(...UNIT_ACTORS)
  @ApiOperation({ summary: 'One dispatch (404 unless its sending or receiving unit is in your jurisdiction)' })
  @ApiOkResponse({ type: DispatchResponseDto })
  get(@Auth() principal: AuthPrincipal, @Param() params: IdParamDto): Promise<DispatchResponseDto> {
    return this.linkage.getDispatch(principal, params.id);
  }

  @Post(':id/accept')
  @HttpCode(200)
  @Permissions(...UNIT_ACTORS)
  @ApiOperation({ summary: 'The receiving unit accepts: it becomes the holder, with the owner it picks' })
  @ApiOkResponse({ type: DispatchResponseDto })
  accept(
    @Auth() principal: AuthPrincipal,
    @Param() params: IdParamDto,
    @Body() body: DispatchAcceptDto,
  ): Promise<DispatchResponseDto> {
    return this.linkage.accept(principal, params.id, body);
  }

  @Post(':id/return')
  @HttpCode(200)
  @Permissions(...UNIT_ACTORS)
  @ApiOperation({ summary: 'The receiving unit returns it with a reason; the lead stays with the sender' })
  @ApiOkResponse({ type: DispatchResponseDto })
  return(
    @Auth() principal: AuthPrincipal,
    @Param() params: IdParamDto,
    @Body() body: DispatchReturnDto,
  ): Promise<DispatchResponseDto> {
    return this.linkage.returnDispatch(principal, params.id, body);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @Permissions(...UNIT_ACTORS)
  @ApiOperation({ summary: 'The sending unit takes back a dispatch not yet answered' })
  @ApiOkResponse({ type: DispatchResponseDto })
  withdraw(
    @Auth() principal: AuthPrincipal,
    @Param() params: IdParamDto,
    @Body() body: DispatchWithdrawDto,
  ): Promise<DispatchResponseDto> {
    return this.linkage.withdraw(principal, params.id, body);
  }
}

@ApiTags('linkage')
@ApiReadErrors()
@Controller('escalations')
export class EscalationsController {
  constructor(private readonly linkage: LinkageService) {}

  @Get(':id')
  @Permissions(...UNIT_ACTORS)
  @ApiOperation({ summary: 'One escalation (404 unless the asking or answering unit is in your jurisdiction)' })
  @ApiOkResponse({ type: EscalationResponseDto })
  get(@Auth() principal: AuthPrincipal, @Param() params: IdParamDto): Promise<EscalationResponseDto> {
    return this.linkage.getEscalation(principal, params.id);
  }

  @Post(':id/answer')
  @HttpCode(200)
  @Permissions(...DECIDERS)
  @ApiOperation({ summary: 'The addressed unit’s managers grant, decline (with a note) or forward it one level up' })
  @ApiOkResponse({ type: EscalationResponseDto })
  @ApiForbiddenResponse({ type: ErrorBodyDto, description: 'FORBIDDEN: not addressed to your unit' })
  @ApiConflictResponse({
    type: ErrorBodyDto,
    description: 'CONFLICT: already answered; VERSION_CONFLICT: stale version',
  })
  answer(
    @Auth() principal: AuthPrincipal,
    @Param() params: IdParamDto,
    @Body() body: EscalationAnswerDto,
  ): Promise<EscalationResponseDto> {
    return this.linkage.answer(principal, params.id, body);
  }
}

@ApiTags('linkage')
@ApiReadErrors()
@Controller('conflicts')
export class ConflictsController {
  constructor(private readonly conflicts: ConflictsService) {}

  @Get()
  @Permissions(...UNIT_ACTORS)
  @ApiOperation({ summary: '撞单 conflicts with a party in your jurisdiction, newest first' })
  @ApiOkResponse({ type: ConflictPageDto })
  list(@Auth() principal: AuthPrincipal, @Query() query: ConflictListQueryDto): Promise<ConflictPageDto> {
    return this.conflicts.list(principal, query);
  }

  @Get(':id')
  @Permissions(...UNIT_ACTORS)
  @ApiOperation({ summary: 'One conflict with both leads and their timelines, and the suggested ruling (首报首谈)' })
  @ApiOkResponse({ type: ConflictDetailDto })
  get(@Auth() principal: AuthPrincipal, @Param() params: IdParamDto): Promise<ConflictDetailDto> {
    return this.conflicts.get(principal, params.id);
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @Permissions(...DECIDERS)
  @ApiOperation({
    summary: 'The common superior rules: the winner keeps the project; the loser is closed or co-handles',
  })
  @ApiOkResponse({ type: ConflictResponseDto })
  @ApiForbiddenResponse({ type: ErrorBodyDto, description: 'FORBIDDEN: your unit is not above both parties' })
  @ApiConflictResponse({
    type: ErrorBodyDto,
    description: 'CONFLICT: already resolved; VERSION_CONFLICT: stale version',
  })
  resolve(
    @Auth() principal: AuthPrincipal,
    @Param() params: IdParamDto,
    @Body() body: ConflictResolveDto,
  ): Promise<ConflictResponseDto> {
    return this.conflicts.resolve(principal, params.id, body);
  }
}

@ApiTags('linkage')
@ApiReadErrors()
@Controller('linkage')
export class LinkageBoardsController {
  constructor(
    private readonly linkage: LinkageService,
    private readonly conflicts: ConflictsService,
  ) {}

  @Get('inbox')
  @Permissions(...UNIT_ACTORS)
  @ApiOperation({ summary: 'Dispatches and escalations waiting for your unit, earliest deadline first' })
  @ApiOkResponse({ type: BoardPageDto })
  inbox(@Auth() principal: AuthPrincipal, @Query() query: BoardQueryDto): Promise<BoardPageDto> {
    return this.linkage.inbox(principal, query);
  }

  @Get('outbox')
  @Permissions(...UNIT_ACTORS)
  @ApiOperation({ summary: 'Dispatches and escalations your unit sent: still open (default) or closed' })
  @ApiOkResponse({ type: BoardPageDto })
  outbox(@Auth() principal: AuthPrincipal, @Query() query: OutboxQueryDto): Promise<BoardPageDto> {
    return this.linkage.outbox(principal, (query.state ?? 'open') === 'open', query);
  }

  @Get('overdue')
  @Permissions(...UNIT_ACTORS)
  @ApiOperation({ summary: 'Overdue dispatches and escalations addressed to units in your jurisdiction' })
  @ApiOkResponse({ type: BoardPageDto })
  overdue(@Auth() principal: AuthPrincipal, @Query() query: BoardQueryDto): Promise<BoardPageDto> {
    return this.linkage.overdue(principal, query);
  }

  @Get('conflicts')
  @Permissions(...UNIT_ACTORS)
  @ApiOperation({ summary: '撞单 conflicts with a party in your jurisdiction (?status=open for the ones to settle)' })
  @ApiOkResponse({ type: ConflictPageDto })
  conflictBoard(@Auth() principal: AuthPrincipal, @Query() query: ConflictListQueryDto): Promise<ConflictPageDto> {
    return this.conflicts.list(principal, query);
  }
}
