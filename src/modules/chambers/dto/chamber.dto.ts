import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PageOf, PageQueryDto } from '../../../core/common/pagination';
import { IsCalendarDate, OptionalNotNull, trimText } from '../../../core/common/validators';
import { ContactDto } from '../../companies/dto/contact.dto';
import type { CompanyContact } from '../../companies/company.entity';
import { CHAMBER_KINDS } from '../chamber.entity';
import type { ChamberEntity, ChamberKind } from '../chamber.entity';

export class ChamberCreateDto {
  @ApiProperty({ example: '深圳市广西商会' })
  @Transform(trimText)
  @IsString()
  @MinLength(2)
  @MaxLength(128)
  name: string;

  @ApiProperty({ enum: CHAMBER_KINDS })
  @IsIn(CHAMBER_KINDS)
  kind: ChamberKind;

  @ApiProperty({ example: '440300', description: 'Where it sits' })
  @Matches(/^\d{6}$/, { message: 'must be a six-digit division code such as 440300' })
  regionCode: string;

  @ApiPropertyOptional({ example: ['electronics', 'light'] })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(9)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  clusterCodes?: string[];

  @ApiPropertyOptional({ type: [ContactDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ContactDto)
  contacts?: ContactDto[];

  @ApiPropertyOptional({ example: '2026-03-01', description: '定向合作协议 signed on' })
  @IsOptional()
  @IsCalendarDate()
  agreementSignedAt?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  notes?: string;
}

export class ChamberUpdateDto extends PartialType(OmitType(ChamberCreateDto, ['name', 'kind', 'regionCode'] as const)) {
  @ApiProperty({ description: 'The version you read' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional({ example: '深圳市广西商会' })
  @OptionalNotNull()
  @Transform(trimText)
  @IsString()
  @MinLength(2)
  @MaxLength(128)
  name?: string;

  @ApiPropertyOptional({ enum: CHAMBER_KINDS })
  @OptionalNotNull()
  @IsIn(CHAMBER_KINDS)
  kind?: ChamberKind;

  @ApiPropertyOptional({ example: '440300' })
  @OptionalNotNull()
  @Matches(/^\d{6}$/, { message: 'must be a six-digit division code such as 440300' })
  regionCode?: string;
}

export class ChamberListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Part of the name' })
  @IsOptional()
  @Transform(trimText)
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  q?: string;

  @ApiPropertyOptional({ enum: CHAMBER_KINDS })
  @IsOptional()
  @IsIn(CHAMBER_KINDS)
  kind?: ChamberKind;

  @ApiPropertyOptional({ example: '440300' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'must be a six-digit division code' })
  regionCode?: string;
}

export class ChamberResponseDto {
  @ApiProperty()
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: CHAMBER_KINDS })
  kind: ChamberKind;

  @ApiProperty()
  regionCode: string;

  @ApiProperty({ type: [String] })
  clusterCodes: string[];

  @ApiProperty({ type: [ContactDto] })
  contacts: CompanyContact[];

  @ApiProperty({ type: String, nullable: true })
  agreementSignedAt: string | null;

  @ApiProperty({ type: String, nullable: true })
  notes: string | null;

  @ApiProperty()
  version: number;

  @ApiProperty()
  createdAt: string;

  @ApiProperty()
  updatedAt: string;
}

export class ChamberLeadSummaryDto {
  @ApiProperty()
  id: string;

  @ApiProperty({ description: 'The project title, or its code name when confidential to you' })
  title: string;

  @ApiProperty({ type: String, nullable: true, description: 'null when the lead is confidential to you' })
  companyName: string | null;

  @ApiProperty()
  stage: string;

  @ApiProperty()
  regionCode: string;

  @ApiProperty({ type: String, nullable: true, description: 'When the chamber is owed feedback on the outcome' })
  chamberFeedbackDueAt: string | null;

  @ApiProperty({ type: String, nullable: true })
  chamberFeedbackGivenAt: string | null;
}

export class ChamberDetailDto extends ChamberResponseDto {
  @ApiProperty({
    type: [ChamberLeadSummaryDto],
    description: 'Leads it introduced, inside your jurisdiction (newest 200)',
  })
  leads: ChamberLeadSummaryDto[];

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { lead: 3, signed: 1 },
    description: 'How far those leads got: count per stage',
  })
  stageCounts: Record<string, number>;

  @ApiProperty({ description: 'Leads whose feedback to the chamber is overdue' })
  feedbackOverdue: number;
}

export class ChamberPageDto extends PageOf(ChamberResponseDto) {}

export function mapChamber(row: ChamberEntity): ChamberResponseDto {
  return {
    id: String(row.id),
    name: row.name,
    kind: row.kind,
    regionCode: row.regionCode,
    clusterCodes: row.clusterCodes,
    contacts: row.contacts,
    agreementSignedAt: row.agreementSignedAt,
    notes: row.notes,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
