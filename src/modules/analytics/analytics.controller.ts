import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res, StreamableFile } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiProperty,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Auth, Permissions } from '../../core/auth/auth.decorators';
import type { AuthPrincipal } from '../../core/auth/principal';
import { attachment, XLSX, XLSX_BODY } from '../../core/common/xlsx-download';
import { ApiReadErrors } from '../../core/errors/error-body.dto';
import { AnalyticsRebuild, REBUILD_JOB_ID } from './analytics-rebuild';
import { AnalyticsService } from './analytics.service';
import {
  BreakdownPageDto,
  BreakdownQueryDto,
  FunnelQueryDto,
  FunnelResponseDto,
  QuarterlyBulletinDto,
  QuarterlyReportQueryDto,
  TargetListQueryDto,
  TargetPageDto,
  TargetProgressQueryDto,
  TargetProgressResponseDto,
  TargetsPutDto,
  TargetsPutResponseDto,
  TrendQueryDto,
  TrendResponseDto,
  YearParamDto,
} from './dto/analytics.dto';
import { QuarterlyBulletin, QuarterlyReportsService } from './quarterly-reports.service';
import { TargetsService } from './targets.service';

/** Who reviews the numbers: everyone but resident team members, each inside their jurisdiction. */
const REVIEWERS = ['admin', 'manager', 'officer'] as const;

@ApiTags('analytics')
@ApiReadErrors()
@Controller('analytics')
export class AnalyticsController {
  constructor(
    private readonly analytics: AnalyticsService,
    private readonly targets: TargetsService,
  ) {}

  @Get('funnel')
  @Permissions(...REVIEWERS)
  @ApiOperation({
    summary: 'The signing funnel of a unit over whole months: cohort (leads created then) or flow (stage entries then)',
  })
  @ApiOkResponse({ type: FunnelResponseDto })
  funnel(@Auth() principal: AuthPrincipal, @Query() query: FunnelQueryDto): Promise<FunnelResponseDto> {
    return this.analytics.funnel(principal, query);
  }

  @Get('breakdown')
  @Permissions(...REVIEWERS)
  @ApiOperation({
    summary: 'New leads, signings, funds, starts and conversion per unit, cluster, source, chamber, ownership or team',
  })
  @ApiOkResponse({ type: BreakdownPageDto })
  breakdown(@Auth() principal: AuthPrincipal, @Query() query: BreakdownQueryDto): Promise<BreakdownPageDto> {
    return this.analytics.breakdown(principal, query);
  }

  @Get('trend')
  @Permissions(...REVIEWERS)
  @ApiOperation({ summary: 'The same measures month by month or quarter by quarter' })
  @ApiOkResponse({ type: TrendResponseDto })
  trend(@Auth() principal: AuthPrincipal, @Query() query: TrendQueryDto): Promise<TrendResponseDto> {
    return this.analytics.trend(principal, query);
  }

  @Get('targets')
  @Permissions(...REVIEWERS)
  @ApiOperation({
    summary: 'Targets against actual for a unit and the units below it, with 序时进度 and rank among siblings',
  })
  @ApiOkResponse({ type: TargetProgressResponseDto })
  targetProgress(
    @Auth() principal: AuthPrincipal,
    @Query() query: TargetProgressQueryDto,
  ): Promise<TargetProgressResponseDto> {
    return this.targets.progress(principal, query);
  }
}

@ApiTags('analytics')
@ApiReadErrors()
@Controller('targets')
export class TargetsController {
  constructor(private readonly targets: TargetsService) {}

  @Put(':year')
  @Permissions('admin', 'manager')
  @ApiOperation({
    summary: 'Set targets per unit and category (administrators: any unit; managers: the units below theirs)',
  })
  @ApiOkResponse({ type: TargetsPutResponseDto })
  put(
    @Auth() principal: AuthPrincipal,
    @Param() params: YearParamDto,
    @Body() body: TargetsPutDto,
  ): Promise<TargetsPutResponseDto> {
    return this.targets.put(principal, params.year, body);
  }

  @Get(':year')
  @Permissions(...REVIEWERS)
  @ApiOperation({ summary: 'The targets of a year inside your jurisdiction' })
  @ApiOkResponse({ type: TargetPageDto })
  list(
    @Auth() principal: AuthPrincipal,
    @Param() params: YearParamDto,
    @Query() query: TargetListQueryDto,
  ): Promise<TargetPageDto> {
    return this.targets.list(principal, params.year, query);
  }
}

@ApiTags('analytics')
@ApiReadErrors()
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: QuarterlyReportsService) {}

  @Get('quarterly')
  @Permissions(...REVIEWERS)
  @ApiOperation({
    summary: 'The quarterly bulletin (季度通报) of a unit, as sent (or live before it is built), as JSON or .xlsx',
  })
  @ApiProduces('application/json', XLSX)
  @ApiOkResponse({
    description: 'The bulletin (JSON) or a workbook with one sheet per table',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(QuarterlyBulletinDto) } },
      [XLSX]: XLSX_BODY,
    },
  })
  @ApiExtraModels(QuarterlyBulletinDto)
  async quarterly(
    @Auth() principal: AuthPrincipal,
    @Query() query: QuarterlyReportQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<QuarterlyBulletin | StreamableFile> {
    const bulletin = await this.reports.get(principal, query);
    if (query.format === 'json') return bulletin;
    const file = `${bulletin.regionName}${bulletin.year}年第${bulletin.quarter}季度招商工作通报.xlsx`;
    void reply.header('content-type', XLSX);
    void reply.header(
      'content-disposition',
      attachment(`bulletin-${bulletin.regionCode}-${bulletin.year}q${bulletin.quarter}.xlsx`, file),
    );
    return new StreamableFile(await this.reports.workbook(bulletin));
  }
}

class RebuildAcceptedDto {
  @ApiProperty({ description: 'false when a rebuild was already waiting or running' }) queued: boolean;
  @ApiProperty({
    example: 'analytics-rebuild',
    description: 'Its job in the analytics queue (progress {done, total} in Bull Board)',
  })
  jobId: string;
}

@ApiTags('analytics')
@ApiReadErrors()
@Controller('admin/analytics')
export class AnalyticsAdminController {
  constructor(private readonly rebuild: AnalyticsRebuild) {}

  @Post('rebuild')
  @HttpCode(202)
  @Permissions('admin')
  @ApiOperation({
    summary:
      'Derive every lead’s analytics facts and roll-ups again from the leads (a repair; figures fill in as it runs)',
  })
  @ApiAcceptedResponse({ type: RebuildAcceptedDto })
  async requestRebuild(@Auth() principal: AuthPrincipal): Promise<RebuildAcceptedDto> {
    return { queued: await this.rebuild.request(true, principal), jobId: REBUILD_JOB_ID };
  }
}
