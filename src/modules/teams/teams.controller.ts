import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, Permissions } from '../../core/auth/auth.decorators';
import type { AuthPrincipal } from '../../core/auth/principal';
import { ANY_ROLE } from '../../core/auth/roles';
import { IdParamDto } from '../../core/common/id-param.dto';
import { ApiReadErrors } from '../../core/errors/error-body.dto';
import {
  TeamCreateDto,
  TeamListQueryDto,
  TeamPageDto,
  TeamResponseDto,
  TeamSummaryDto,
  TeamSummaryQueryDto,
  TeamUpdateDto,
} from './dto/team.dto';
import { TeamsService } from './teams.service';

@ApiTags('teams')
@ApiReadErrors()
@Controller('teams')
export class TeamsController {
  constructor(private readonly teams: TeamsService) {}

  @Get()
  @Permissions(...ANY_ROLE)
  @ApiOperation({ summary: 'Resident and docking teams inside your jurisdiction' })
  @ApiOkResponse({ type: TeamPageDto })
  list(@Auth() principal: AuthPrincipal, @Query() query: TeamListQueryDto): Promise<TeamPageDto> {
    return this.teams.list(principal, query);
  }

  @Post()
  @Permissions('admin', 'manager')
  @ApiOperation({ summary: 'Form a team with its members' })
  @ApiCreatedResponse({ type: TeamResponseDto })
  create(@Auth() principal: AuthPrincipal, @Body() body: TeamCreateDto): Promise<TeamResponseDto> {
    return this.teams.create(principal, body);
  }

  @Get(':id')
  @Permissions(...ANY_ROLE)
  @ApiOperation({ summary: 'One team with its members' })
  @ApiOkResponse({ type: TeamResponseDto })
  get(@Auth() principal: AuthPrincipal, @Param() params: IdParamDto): Promise<TeamResponseDto> {
    return this.teams.get(principal, params.id);
  }

  @Patch(':id')
  @Permissions('admin', 'manager')
  @ApiOperation({ summary: 'Change a team or its members; send the version you read' })
  @ApiOkResponse({ type: TeamResponseDto })
  update(
    @Auth() principal: AuthPrincipal,
    @Param() params: IdParamDto,
    @Body() body: TeamUpdateDto,
  ): Promise<TeamResponseDto> {
    return this.teams.update(principal, params.id, body);
  }

  @Get(':id/summary')
  @Permissions(...ANY_ROLE)
  @ApiOperation({ summary: 'A team’s visits, companies, high-intent signals, leads and signings in a period' })
  @ApiOkResponse({ type: TeamSummaryDto })
  summary(
    @Auth() principal: AuthPrincipal,
    @Param() params: IdParamDto,
    @Query() query: TeamSummaryQueryDto,
  ): Promise<TeamSummaryDto> {
    return this.teams.summary(principal, params.id, query);
  }
}
