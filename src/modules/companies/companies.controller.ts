import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, Permissions } from '../../core/auth/auth.decorators';
import type { AuthPrincipal } from '../../core/auth/principal';
import { ANY_ROLE } from '../../core/auth/roles';
import { IdParamDto } from '../../core/common/id-param.dto';
import { ApiReadErrors, ErrorBodyDto } from '../../core/errors/error-body.dto';
import { CompaniesService } from './companies.service';
import {
  CompanyCreateDto,
  CompanyListQueryDto,
  CompanyPageDto,
  CompanyResponseDto,
  CompanyUpdateDto,
  SimilarCompaniesDto,
  SimilarCompaniesLimitDto,
  SimilarCompaniesQueryDto,
} from './dto/company.dto';

@ApiTags('companies')
@ApiReadErrors()
@Controller('companies')
export class CompaniesController {
  constructor(private readonly companies: CompaniesService) {}

  @Get()
  @Permissions(...ANY_ROLE)
  @ApiOperation({ summary: 'Companies; q searches name, pinyin, initials and credit code (best match first)' })
  @ApiOkResponse({ type: CompanyPageDto })
  list(@Query() query: CompanyListQueryDto): Promise<CompanyPageDto> {
    return this.companies.list(query);
  }

  @Get('similar')
  @Permissions(...ANY_ROLE)
  @ApiOperation({
    summary:
      'Companies like a name being registered (撞单 candidates: same 字号, alias, former name, branch), best first, with the score and reasons',
  })
  @ApiOkResponse({ type: SimilarCompaniesDto })
  similar(@Query() query: SimilarCompaniesQueryDto): Promise<SimilarCompaniesDto> {
    return this.companies.similarToName(query);
  }

  @Get(':id/similar')
  @Permissions(...ANY_ROLE)
  @ApiOperation({ summary: 'Companies like this one, its aliases and group included, best first' })
  @ApiOkResponse({ type: SimilarCompaniesDto })
  similarToCompany(
    @Param() params: IdParamDto,
    @Query() query: SimilarCompaniesLimitDto,
  ): Promise<SimilarCompaniesDto> {
    return this.companies.similarToCompanyOf(params.id, query.limit);
  }

  @Post()
  @Permissions('admin', 'officer')
  @ApiOperation({ summary: 'Register a company; 409 DUPLICATE for a known credit code or a matching name' })
  @ApiCreatedResponse({ type: CompanyResponseDto })
  @ApiConflictResponse({ type: ErrorBodyDto, description: 'DUPLICATE with the existing id or the candidates' })
  create(@Auth() principal: AuthPrincipal, @Body() body: CompanyCreateDto): Promise<CompanyResponseDto> {
    return this.companies.create(principal, body);
  }

  @Get(':id')
  @Permissions(...ANY_ROLE)
  @ApiOperation({
    summary: 'One company; its contacts in full (audited) for those who work its projects, masked for everyone else',
  })
  @ApiOkResponse({ type: CompanyResponseDto })
  get(@Auth() principal: AuthPrincipal, @Param() params: IdParamDto): Promise<CompanyResponseDto> {
    return this.companies.get(principal, params.id);
  }

  @Patch(':id')
  @Permissions('admin', 'officer')
  @ApiOperation({ summary: 'Change a company; send the version you read' })
  @ApiOkResponse({ type: CompanyResponseDto })
  @ApiConflictResponse({ type: ErrorBodyDto, description: 'VERSION_CONFLICT or DUPLICATE' })
  update(
    @Auth() principal: AuthPrincipal,
    @Param() params: IdParamDto,
    @Body() body: CompanyUpdateDto,
  ): Promise<CompanyResponseDto> {
    return this.companies.update(principal, params.id, body);
  }
}
