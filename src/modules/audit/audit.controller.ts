import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, Permissions } from '../../core/auth/auth.decorators';
import type { AuthPrincipal } from '../../core/auth/principal';
import { ApiReadErrors } from '../../core/errors/error-body.dto';
import { AuditQueryService } from './audit-query.service';
import { AuditListQueryDto, AuditPageDto } from './dto/audit.dto';

@ApiTags('audit')
@ApiReadErrors()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditQueryService) {}

  @Get()
  @Permissions('admin', 'manager')
  @ApiOperation({ summary: 'Who changed what and when, inside the caller’s jurisdiction, newest first' })
  @ApiOkResponse({ type: AuditPageDto })
  list(@Auth() principal: AuthPrincipal, @Query() query: AuditListQueryDto): Promise<AuditPageDto> {
    return this.audit.list(principal, query);
  }
}
