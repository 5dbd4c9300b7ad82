import { Controller, Get, Header, HttpCode, Param, Post, Query, Req, StreamableFile } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiConsumes,
  ApiTooManyRequestsResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { Auth, Permissions } from '../../core/auth/auth.decorators';
import type { AuthPrincipal } from '../../core/auth/principal';
import { ANY_ROLE } from '../../core/auth/roles';
import { IdParamDto } from '../../core/common/id-param.dto';
import { LONG_RUNNING } from '../../core/common/request-deadline';
import { ApiXlsxResponse, attachment, XLSX } from '../../core/common/xlsx-download';
import { DomainException } from '../../core/errors/domain.exception';
import { ErrorCode } from '../../core/errors/error-codes';
import { ApiReadErrors, ErrorBodyDto } from '../../core/errors/error-body.dto';
import { LeadListQueryDto } from '../leads/dto/lead.dto';
import { ImportAcceptedDto, ImportStatusDto } from './dto/import.dto';
import { LeadExportService } from './lead-export.service';
import { LeadImportService } from './lead-import.service';

@ApiTags('imports')
@ApiReadErrors()
@Controller()
export class ImportsController {
  constructor(
    private readonly imports: LeadImportService,
    private readonly exports: LeadExportService,
  ) {}

  @Get('leads/import/template')
  @Permissions('admin', 'officer')
  @ApiOperation({
    summary: 'The .xlsx template for importing leads (Chinese headers, an example row, accepted values)',
  })
  @ApiXlsxResponse('The import template workbook')
  @Header('content-type', XLSX)
  @Header('content-disposition', attachment('lead-import-template.xlsx', '项目线索导入模板.xlsx'))
  async template(): Promise<StreamableFile> {
    return new StreamableFile(await this.imports.template());
  }

  @Post('leads/import')
  @RouteConfig(LONG_RUNNING)
  @HttpCode(202)
  @Permissions('admin', 'officer')
  @ApiOperation({
    summary: 'Upload an .xlsx or .csv of leads (up to 50,000 rows) as multipart field "file"; processed by a job',
  })
  @ApiConsumes('multipart/form-data')
  @ApiAcceptedResponse({ type: ImportAcceptedDto })
  @ApiTooManyRequestsResponse({
    type: ErrorBodyDto,
    description: 'More than 60 uploads in 10 minutes, or 3 imports of yours still waiting or running',
  })
  async import(@Auth() principal: AuthPrincipal, @Req() request: FastifyRequest): Promise<ImportAcceptedDto> {
    if (!request.isMultipart()) {
      throw new DomainException(
        ErrorCode.UnsupportedMediaType,
        'Send the file as multipart/form-data in the field "file"',
      );
    }
    await this.imports.assertUploadRate(principal);
    const file = await request.file();
    if (!file || file.fieldname !== 'file')
      throw DomainException.validation('file', 'isDefined', 'is required (multipart field "file")');
    return this.imports.start(principal, file.filename, file.file);
  }

  @Get('imports/:id')
  @Permissions(...ANY_ROLE)
  @ApiOperation({ summary: 'Progress and outcome of an import, with errors by row and column' })
  @ApiOkResponse({ type: ImportStatusDto })
  status(@Auth() principal: AuthPrincipal, @Param() params: IdParamDto): Promise<ImportStatusDto> {
    return this.imports.status(principal, params.id);
  }

  @Get('leads/export')
  @RouteConfig(LONG_RUNNING)
  @Permissions(...ANY_ROLE)
  @ApiOperation({ summary: 'The leads you may see, with the list’s filters, as .xlsx' })
  @ApiTooManyRequestsResponse({ type: ErrorBodyDto, description: 'More than 20 exports in 10 minutes' })
  @ApiXlsxResponse('The leads as a workbook, one row per lead')
  @Header('content-type', XLSX)
  @Header('content-disposition', attachment('leads.xlsx', '项目线索.xlsx'))
  async export(@Auth() principal: AuthPrincipal, @Query() query: LeadListQueryDto): Promise<StreamableFile> {
    return new StreamableFile(await this.exports.export(principal, query));
  }
}
