import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { PageOf, PageQueryDto } from '../../../core/common/pagination';
import { IsEntityId, IsIsoDateTime, OptionalNotNull, trimText } from '../../../core/common/validators';

export class TeamCreateDto {
  @ApiProperty({ example: '电子信息产业驻深圳招商工作小组' })
  @Transform(trimText)
  @IsString()
  @MinLength(2)
  @MaxLength(128)
  name: string;

  @ApiProperty({ example: 'electronics' })
  @IsString()
  @MinLength(1)
  @MaxLength(32)
  clusterCode: string;

  @ApiPropertyOptional({ example: '440300', description: 'Where it is stationed' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'must be a six-digit division code such as 440300' })
  baseRegionCode?: string;

  @ApiPropertyOptional({ example: '450000', description: 'The unit it belongs to; defaults to yours' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'must be the six-digit code of a unit' })
  regionCode?: string;

  @ApiPropertyOptional({ example: '12' })
  @IsOptional()
  @IsEntityId()
  leaderUserId?: string;

  @ApiPropertyOptional({ type: [String], description: 'User ids; each joins this team (and leaves any other)' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(100)
  @IsEntityId({ each: true })
  memberUserIds?: string[];
}

export class TeamUpdateDto {
  @ApiProperty({ description: 'The version you read' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @Transform(trimText)
  @IsString()
  @MinLength(2)
  @MaxLength(128)
  name?: string;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(32)
  clusterCode?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'must be a six-digit division code such as 440300' })
  baseRegionCode?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsEntityId()
  leaderUserId?: string | null;

  @ApiPropertyOptional({ type: [String], description: 'The whole member list: users left out leave the team' })
  @OptionalNotNull()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(100)
  @IsEntityId({ each: true })
  memberUserIds?: string[];
}

export class TeamListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'electronics' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9_]{0,31}$/, { message: 'must be a cluster code such as electronics' })
  clusterCode?: string;
}

export class TeamSummaryQueryDto {
  @ApiProperty({ example: '2026-01-01T00:00:00+08:00' })
  @IsIsoDateTime()
  from: string;

  @ApiProperty({ example: '2026-04-01T00:00:00+08:00' })
  @IsIsoDateTime()
  to: string;
}

export class TeamMemberDto {
  @ApiProperty()
  id: string;

  @ApiProperty()
  displayName: string;

  @ApiProperty()
  role: string;
}

export class TeamResponseDto {
  @ApiProperty()
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  clusterCode: string;

  @ApiProperty({ type: String, nullable: true })
  baseRegionCode: string | null;

  @ApiProperty()
  regionCode: string;

  @ApiProperty({ type: String, nullable: true })
  leaderUserId: string | null;

  @ApiProperty({ type: [TeamMemberDto] })
  members: TeamMemberDto[];

  @ApiProperty()
  version: number;

  @ApiProperty()
  createdAt: string;

  @ApiProperty()
  updatedAt: string;
}

export class TeamPageDto extends PageOf(TeamResponseDto) {}

export class TeamSummaryDto {
  @ApiProperty({ description: 'Visits done in the period' })
  visits: number;

  @ApiProperty({ description: 'Distinct companies visited' })
  companiesTouched: number;

  @ApiProperty({ description: 'Visits with high intent' })
  highIntentSignals: number;

  @ApiProperty({ description: 'Leads opened from the team’s visits in the period' })
  leadsOpened: number;

  @ApiProperty({ description: 'Leads linked to the team’s visits that moved forward in the period' })
  leadsAdvanced: number;

  @ApiProperty()
  signings: number;

  @ApiProperty({ description: '亿元' })
  signedAmount: number;
}
