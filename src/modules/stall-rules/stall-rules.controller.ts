import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, Permissions } from '../../core/auth/auth.decorators';
import type { AuthPrincipal } from '../../core/auth/principal';
import { ANY_ROLE } from '../../core/auth/roles';
import { ApiReadErrors } from '../../core/errors/error-body.dto';
import {
  StallRulesDto,
  StallRulesPutDto,
  StallRuleVersionListQueryDto,
  StallRuleVersionPageDto,
} from './dto/stall-rules.dto';
import { StallRulesService } from './stall-rules.service';

@ApiTags('stall-rules')
@ApiReadErrors()
@Controller('stall-rules')
export class StallRulesController {
  constructor(private readonly stallRules: StallRulesService) {}

  @Get()
  @Permissions(...ANY_ROLE)
  @ApiOperation({ summary: 'The 三色预警 rules in force: per stage and tier, yellow, red and release in working days' })
  @ApiOkResponse({ type: StallRulesDto })
  current(): Promise<StallRulesDto> {
    return this.stallRules.current();
  }

  @Get('versions')
  @Permissions(...ANY_ROLE)
  @ApiOperation({ summary: 'Every version of the rules, newest first: what was in force when, who set it and why' })
  @ApiOkResponse({ type: StallRuleVersionPageDto })
  versions(@Query() query: StallRuleVersionListQueryDto): Promise<StallRuleVersionPageDto> {
    return this.stallRules.versions(query);
  }

  @Put()
  @Permissions('admin')
  @ApiOperation({ summary: 'Save new rules as the next version (every light, filter and the stall watch follow)' })
  @ApiOkResponse({ type: StallRulesDto })
  save(@Auth() principal: AuthPrincipal, @Body() body: StallRulesPutDto): Promise<StallRulesDto> {
    return this.stallRules.save(principal, body);
  }
}
