import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayUnique, IsArray, IsIn, IsInt, IsOptional, IsString, MaxLength, Min, MinLength } from 'class-validator';
import { PageOf, PageQueryDto } from '../../../core/common/pagination';
import { STAGES } from '../../../shared/lead-stages';
import { CLAIM_STATUSES, CLAIMED_STAGES, CONFIRMATION_REQUIREMENTS } from '../../../shared/signing-confirmation';
import type { ClaimedStage, ClaimStatus, ConfirmationRequirement } from '../../../shared/signing-confirmation';

export class ClaimListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: CLAIM_STATUSES, description: 'pending: 待确认' })
  @IsOptional()
  @IsIn(CLAIM_STATUSES)
  status?: ClaimStatus;

  @ApiPropertyOptional({
    enum: ['mine', 'all'],
    default: 'all',
    description:
      "mine: the claims your unit rules on (a manager's 待确认 inbox); all: every claim in your jurisdiction",
  })
  @IsOptional()
  @IsIn(['mine', 'all'])
  ruledBy?: 'mine' | 'all';
}

export class ClaimConfirmDto {
  @ApiProperty({ description: 'The claim version you read' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional({ description: 'What was checked (甄别意见)' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class ClaimReturnDto {
  @ApiProperty({ description: 'The claim version you read' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiProperty({ description: 'Why it is sent back: shown to the holder and on the timeline' })
  @IsString()
  @MinLength(2)
  @MaxLength(500)
  reason: string;
}

export class LeadClaimDto {
  @ApiProperty() id: string;
  @ApiProperty() leadId: string;
  @ApiProperty({ description: "The lead's title, or its code name outside the holding chain" }) leadTitle: string;
  @ApiProperty({ enum: STAGES, description: 'Where the lead is now' }) leadStage: string;
  @ApiProperty({ description: 'The unit that made the claim' }) regionCode: string;
  @ApiProperty({ type: String, nullable: true }) regionName: string | null;
  @ApiProperty({ description: 'The unit whose managers rule on it' }) confirmerRegionCode: string;
  @ApiProperty({ type: String, nullable: true }) confirmerName: string | null;
  @ApiProperty({ enum: STAGES, description: 'Where a claim sent back returns the lead' }) fromStage: string;
  @ApiProperty({ enum: CLAIMED_STAGES, isArray: true }) stages: ClaimedStage[];
  @ApiProperty({ enum: CLAIM_STATUSES }) status: ClaimStatus;
  @ApiProperty({ type: String, nullable: true }) claimedBy: string | null;
  @ApiProperty({ type: String, nullable: true }) claimedByName: string | null;
  @ApiProperty() claimedAt: string;
  @ApiProperty({ type: String, nullable: true }) dueAt: string | null;
  @ApiProperty({ type: String, nullable: true }) ruledBy: string | null;
  @ApiProperty({ type: String, nullable: true }) ruledByName: string | null;
  @ApiProperty({ type: String, nullable: true }) ruledAt: string | null;
  @ApiProperty({ type: String, nullable: true, description: "The confirmer's note, or why it was sent back" })
  ruling: string | null;
  @ApiProperty({ description: 'Taken as confirmed when 甄别确认 was introduced' }) migrated: boolean;
  @ApiProperty({ description: '0 on time; 1, 2: overdue, told one and two levels up' }) overdueLevel: number;
  @ApiProperty({
    enum: CONFIRMATION_REQUIREMENTS,
    isArray: true,
    description: 'What the lead still lacks for the rules in force (pending claims only; empty otherwise)',
  })
  missing: ConfirmationRequirement[];
  @ApiProperty({ description: 'Whether you may confirm or send it back' }) canRule: boolean;
  @ApiProperty() version: number;
}

export class LeadClaimPageDto extends PageOf(LeadClaimDto) {}

export class ConfirmationRuleDto {
  @ApiProperty({ enum: CLAIMED_STAGES }) stage: ClaimedStage;
  @ApiProperty({ enum: CONFIRMATION_REQUIREMENTS, isArray: true }) requirements: ConfirmationRequirement[];
  @ApiProperty({ description: 'No rule saved: the defaults apply' }) isDefault: boolean;
  @ApiProperty({ description: '0 until one is saved; send it back to save' }) version: number;
  @ApiProperty({ type: String, nullable: true }) updatedAt: string | null;
}

export class ConfirmationRuleListDto {
  @ApiProperty({ type: [ConfirmationRuleDto] }) items: ConfirmationRuleDto[];
}

export class ConfirmationRuleParamDto {
  @ApiProperty({ enum: CLAIMED_STAGES })
  @IsIn(CLAIMED_STAGES)
  stage: ClaimedStage;
}

export class ConfirmationRulePutDto {
  @ApiProperty({ enum: CONFIRMATION_REQUIREMENTS, isArray: true, description: 'Empty: nothing is required' })
  @IsArray()
  @ArrayUnique()
  @IsIn(CONFIRMATION_REQUIREMENTS, { each: true })
  requirements: ConfirmationRequirement[];

  @ApiProperty({ description: 'The version you read (0 when none was saved)' })
  @IsInt()
  @Min(0)
  version: number;
}
