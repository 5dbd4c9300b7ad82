import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, Permissions } from '../../core/auth/auth.decorators';
import type { AuthPrincipal } from '../../core/auth/principal';
import { ANY_ROLE } from '../../core/auth/roles';
import { IdParamDto } from '../../core/common/id-param.dto';
import { PageQueryDto } from '../../core/common/pagination';
import { ApiReadErrors, ErrorBodyDto } from '../../core/errors/error-body.dto';
import {
  ClaimConfirmDto,
  ClaimListQueryDto,
  ClaimReturnDto,
  ConfirmationRuleDto,
  ConfirmationRuleListDto,
  ConfirmationRuleParamDto,
  ConfirmationRulePutDto,
  LeadClaimDto,
  LeadClaimPageDto,
} from './dto/lead-claim.dto';
import { LeadClaimsService } from './lead-claims.service';

/**
 * Everyone but residents reads claims by unit: the holders follow their claims, the managers above rule on them. A
 * lead's own claims are read by whoever sees the lead.
 */
const CLAIM_READERS = ['admin', 'manager', 'officer'] as const;

/** 甄别确认: claims of 签约 / 开工 / 投产 and their confirmation (docs/domain.md "Signing confirmation"). */
@ApiTags('claims')
@ApiReadErrors()
@Controller()
export class ClaimsController {
  constructor(private readonly claims: LeadClaimsService) {}

  @Get('claims')
  @Permissions(...CLAIM_READERS)
  @ApiOperation({
    summary: 'Claims made inside your jurisdiction, newest first; ruledBy=mine&status=pending is your 待确认 inbox',
  })
  @ApiOkResponse({ type: LeadClaimPageDto })
  list(@Auth() principal: AuthPrincipal, @Query() query: ClaimListQueryDto): Promise<LeadClaimPageDto> {
    return this.claims.list(principal, query);
  }

  @Get('claims/:id')
  @Permissions(...CLAIM_READERS)
  @ApiOperation({ summary: 'One claim, with what the project still lacks for its confirmation' })
  @ApiOkResponse({ type: LeadClaimDto })
  get(@Auth() principal: AuthPrincipal, @Param() params: IdParamDto): Promise<LeadClaimDto> {
    return this.claims.get(principal, params.id);
  }

  @Post('claims/:id/confirm')
  @HttpCode(200)
  @Permissions(...CLAIM_READERS)
  @ApiOperation({ summary: 'Confirm a claim (a manager of the unit above the holder, not the claimant)' })
  @ApiOkResponse({ type: LeadClaimDto })
  @ApiForbiddenResponse({ type: ErrorBodyDto, description: 'FORBIDDEN: not a manager of the confirming unit' })
  @ApiConflictResponse({
    type: ErrorBodyDto,
    description: 'CONFLICT (already ruled; what the project lacks, one detail per requirement) or VERSION_CONFLICT',
  })
  confirm(
    @Auth() principal: AuthPrincipal,
    @Param() params: IdParamDto,
    @Body() body: ClaimConfirmDto,
  ): Promise<LeadClaimDto> {
    return this.claims.confirm(principal, params.id, body);
  }

  @Post('claims/:id/return')
  @HttpCode(200)
  @Permissions(...CLAIM_READERS)
  @ApiOperation({ summary: 'Send a claim back with a reason: the lead returns to the stage it left' })
  @ApiOkResponse({ type: LeadClaimDto })
  @ApiForbiddenResponse({ type: ErrorBodyDto, description: 'FORBIDDEN: not a manager of the confirming unit' })
  @ApiConflictResponse({ type: ErrorBodyDto, description: 'CONFLICT (already ruled) or VERSION_CONFLICT' })
  sendBack(
    @Auth() principal: AuthPrincipal,
    @Param() params: IdParamDto,
    @Body() body: ClaimReturnDto,
  ): Promise<LeadClaimDto> {
    return this.claims.sendBack(principal, params.id, body);
  }

  @Get('leads/:id/claims')
  @Permissions(...ANY_ROLE)
  @ApiOperation({ summary: "A lead's claims, newest first (its confirmation history)" })
  @ApiOkResponse({ type: LeadClaimPageDto })
  forLead(
    @Auth() principal: AuthPrincipal,
    @Param() params: IdParamDto,
    @Query() query: PageQueryDto,
  ): Promise<LeadClaimPageDto> {
    return this.claims.forLead(principal, params.id, query);
  }

  @Get('confirmation-rules')
  @Permissions(...CLAIM_READERS)
  @ApiOperation({ summary: 'What each claimed stage must show before it is confirmed' })
  @ApiOkResponse({ type: ConfirmationRuleListDto })
  rules(): Promise<ConfirmationRuleListDto> {
    return this.claims.rules();
  }

  @Put('confirmation-rules/:stage')
  @Permissions('admin')
  @ApiOperation({ summary: "Set a stage's confirmation requirements (administrators); send the version you read" })
  @ApiOkResponse({ type: ConfirmationRuleDto })
  @ApiConflictResponse({ type: ErrorBodyDto, description: 'VERSION_CONFLICT' })
  putRule(
    @Auth() principal: AuthPrincipal,
    @Param() params: ConfirmationRuleParamDto,
    @Body() body: ConfirmationRulePutDto,
  ): Promise<ConfirmationRuleDto> {
    return this.claims.putRule(principal, params.stage, body);
  }
}
