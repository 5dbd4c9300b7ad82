import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageOf, PageQueryDto } from '../../../core/common/pagination';
import { trimText } from '../../../core/common/validators';
import {
  MAX_SLIP_DUE_WORKING_DAYS,
  MAX_STALL_WORKING_DAYS,
  PROJECT_TIERS,
  STALLING_STAGES,
} from '../../../shared/stall-rules';
import type { ProjectTier, StallingStage } from '../../../shared/stall-rules';

export class StallRuleDto {
  @ApiProperty({ enum: STALLING_STAGES })
  @IsIn(STALLING_STAGES)
  stage: StallingStage;

  @ApiProperty({ enum: PROJECT_TIERS, description: 'A 重大项目 (from tierAMinYi), B (from tierBMinYi), C the rest' })
  @IsIn(PROJECT_TIERS)
  tier: ProjectTier;

  @ApiProperty({ description: 'Working days without activity before the light turns yellow (a task for the owner)' })
  @IsInt()
  @Min(1)
  @Max(MAX_STALL_WORKING_DAYS)
  yellowDays: number;

  @ApiProperty({ description: 'Working days before it turns red (a 督办单 to the unit and its parent)' })
  @IsInt()
  @Min(1)
  @Max(MAX_STALL_WORKING_DAYS)
  redDays: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Working days after which the owner is released to the unit’s pool (回收); null: never',
  })
  @ValidateIf((_, value) => value !== null)
  @IsInt()
  @Min(1)
  @Max(MAX_STALL_WORKING_DAYS)
  dropDays: number | null;
}

export class StallRulesPutDto {
  @ApiProperty({ description: 'The version you read: saving over a newer one is refused (409)' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiProperty({ example: 10, description: 'Expected investment (亿元) from which a project is tier A' })
  @IsNumber({ maxDecimalPlaces: 4 })
  @Min(0)
  @Max(100_000)
  tierAMinYi: number;

  @ApiProperty({ example: 1, description: 'Expected investment (亿元) from which a project is tier B' })
  @IsNumber({ maxDecimalPlaces: 4 })
  @Min(0)
  @Max(100_000)
  tierBMinYi: number;

  @ApiProperty({ example: 5, description: 'Working days a 督办单 has to be answered before it escalates' })
  @IsInt()
  @Min(1)
  @Max(MAX_SLIP_DUE_WORKING_DAYS)
  slipDueDays: number;

  @ApiProperty({ type: [StallRuleDto], description: 'One per stage and tier; a stage and tier left out never stalls' })
  @IsArray()
  @ArrayMaxSize(STALLING_STAGES.length * PROJECT_TIERS.length)
  @ValidateNested({ each: true })
  @Type(() => StallRuleDto)
  rules: StallRuleDto[];

  @ApiPropertyOptional({ description: 'Why the rules change (kept with the version)' })
  @IsOptional()
  @Transform(trimText)
  @IsString()
  @MaxLength(300)
  note?: string;
}

export class StallRulesDto {
  @ApiProperty({ description: 'The version in force; each save makes a new one' }) version: number;
  @ApiProperty() tierAMinYi: number;
  @ApiProperty() tierBMinYi: number;
  @ApiProperty() slipDueDays: number;
  @ApiProperty({ type: [StallRuleDto] }) rules: StallRuleDto[];
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Null for the version moved from STALL_YELLOW_DAYS' })
  createdBy: string | null;
  @ApiProperty({ type: String, nullable: true }) createdByName: string | null;
  @ApiProperty() createdAt: string;
}

export class StallRuleVersionListQueryDto extends PageQueryDto {}

export class StallRuleVersionPageDto extends PageOf(StallRulesDto) {}
