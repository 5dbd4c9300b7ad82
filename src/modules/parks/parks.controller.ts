import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, Permissions } from '../../core/auth/auth.decorators';
import type { AuthPrincipal } from '../../core/auth/principal';
import { ANY_ROLE } from '../../core/auth/roles';
import { IdParamDto } from '../../core/common/id-param.dto';
import { PageQueryDto } from '../../core/common/pagination';
import { ClusterCodeParamDto } from '../clusters/dto/cluster.dto';
import { ApiReadErrors } from '../../core/errors/error-body.dto';
import {
  ChainMapDto,
  ChainQueryDto,
  LeadMatchListDto,
  MatchProfileDto,
  MatchQueryDto,
  ParkCompanyCreateDto,
  ParkCompanyPageDto,
  ParkCompanyParamsDto,
  ParkCreateDto,
  ParkDetailDto,
  ParkListQueryDto,
  ParkMatchListDto,
  ParkPageDto,
  ParkUpdateDto,
} from './dto/park.dto';
import { ParksService } from './parks.service';

/** Administrators edit any park, officers those of their jurisdiction. */
const PARK_EDITORS = ['admin', 'officer'] as const;

@ApiTags('parks')
@ApiReadErrors()
@Controller('parks')
export class ParksController {
  constructor(private readonly parks: ParksService) {}

  @Get()
  @Permissions(...ANY_ROLE)
  @ApiOperation({ summary: 'Parks, newest first, by unit, cluster, kind or name' })
  @ApiOkResponse({ type: ParkPageDto })
  list(@Query() query: ParkListQueryDto): Promise<ParkPageDto> {
    return this.parks.list(query);
  }

  @Post()
  @Permissions(...PARK_EDITORS)
  @ApiOperation({ summary: 'Register a park of a city or county in your jurisdiction' })
  @ApiCreatedResponse({ type: ParkDetailDto })
  create(@Auth() principal: AuthPrincipal, @Body() body: ParkCreateDto): Promise<ParkDetailDto> {
    return this.parks.create(principal, body);
  }

  @Get(':id')
  @Permissions(...ANY_ROLE)
  @ApiOperation({ summary: 'One park with its clusters, segments, resident companies and reserved capacity' })
  @ApiOkResponse({ type: ParkDetailDto })
  get(@Param() params: IdParamDto): Promise<ParkDetailDto> {
    return this.parks.get(params.id);
  }

  @Patch(':id')
  @Permissions(...PARK_EDITORS)
  @ApiOperation({ summary: 'Edit a park (capacity changes are audited); send the version you read' })
  @ApiOkResponse({ type: ParkDetailDto })
  update(
    @Auth() principal: AuthPrincipal,
    @Param() params: IdParamDto,
    @Body() body: ParkUpdateDto,
  ): Promise<ParkDetailDto> {
    return this.parks.update(principal, params.id, body);
  }

  @Get(':id/companies')
  @Permissions(...ANY_ROLE)
  @ApiOperation({ summary: 'The companies settled in a park (落户企业), by company id' })
  @ApiOkResponse({ type: ParkCompanyPageDto })
  residents(@Param() params: IdParamDto, @Query() query: PageQueryDto): Promise<ParkCompanyPageDto> {
    return this.parks.residents(params.id, query);
  }

  @Post(':id/companies')
  @Permissions(...PARK_EDITORS)
  @ApiOperation({ summary: 'Record a company already in the park, at a link of its chain' })
  @ApiCreatedResponse({ type: ParkDetailDto })
  addCompany(
    @Auth() principal: AuthPrincipal,
    @Param() params: IdParamDto,
    @Body() body: ParkCompanyCreateDto,
  ): Promise<ParkDetailDto> {
    return this.parks.addCompany(principal, params.id, body);
  }

  @Delete(':id/companies/:companyId')
  @HttpCode(204)
  @Permissions(...PARK_EDITORS)
  @ApiOperation({ summary: 'A company left the park' })
  @ApiNoContentResponse()
  removeCompany(@Auth() principal: AuthPrincipal, @Param() params: ParkCompanyParamsDto): Promise<void> {
    return this.parks.removeCompany(principal, params.id, params.companyId);
  }

  @Get(':id/lead-matches')
  @Permissions(...ANY_ROLE)
  @ApiOperation({ summary: 'Open leads in your jurisdiction ranked for this park' })
  @ApiOkResponse({ type: LeadMatchListDto })
  leadMatches(
    @Auth() principal: AuthPrincipal,
    @Param() params: IdParamDto,
    @Query() query: MatchQueryDto,
  ): Promise<LeadMatchListDto> {
    return this.parks.leadMatches(principal, params.id, query);
  }
}

@ApiTags('parks')
@ApiReadErrors()
@Controller()
export class MatchingController {
  constructor(private readonly parks: ParksService) {}

  @Get('leads/:id/park-matches')
  @Permissions(...ANY_ROLE)
  @ApiOperation({ summary: 'Parks ranked for a lead, each score explained; parks ruled out are counted by reason' })
  @ApiOkResponse({ type: ParkMatchListDto })
  forLead(
    @Auth() principal: AuthPrincipal,
    @Param() params: IdParamDto,
    @Query() query: MatchQueryDto,
  ): Promise<ParkMatchListDto> {
    return this.parks.matchLead(principal, params.id, query);
  }

  @Post('matching/parks')
  @HttpCode(200)
  @Permissions(...ANY_ROLE)
  @ApiOperation({ summary: 'Parks ranked for an ad-hoc profile (cluster, segment, needs)' })
  @ApiOkResponse({ type: ParkMatchListDto })
  forProfile(@Body() body: MatchProfileDto): Promise<ParkMatchListDto> {
    return this.parks.matchProfile(body);
  }
}

@ApiTags('clusters')
@ApiReadErrors()
@Controller('clusters')
export class ChainMapController {
  constructor(private readonly parks: ParksService) {}

  @Get(':code/chain')
  @Permissions(...ANY_ROLE)
  @ApiOperation({
    summary: 'A cluster’s chain in a unit: links its parks host, gaps, and open leads that would fill them',
  })
  @ApiOkResponse({ type: ChainMapDto })
  chain(
    @Auth() principal: AuthPrincipal,
    @Param() params: ClusterCodeParamDto,
    @Query() query: ChainQueryDto,
  ): Promise<ChainMapDto> {
    return this.parks.chain(principal, params.code, query);
  }
}
