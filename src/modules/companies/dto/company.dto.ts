import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PageOf, PageQueryDto } from '../../../core/common/pagination';
import { decimalToNumber, IsAmount, IsEntityId, OptionalNotNull, trimText } from '../../../core/common/validators';
import {
  COMPANY_ALIAS_KINDS,
  COMPANY_FLAGS,
  COMPANY_RELATIONS,
  OWNERSHIPS,
  SIMILARITY_REASON_CODES,
  SIMILARITY_REASON_NAMES,
} from '../../../shared/company.constants';
import type { CompanyAliasKind, CompanyFlag, CompanyRelation, Ownership } from '../../../shared/company.constants';
import type { CompanyGroupFacts } from '../companies.repository';
import type { SimilarityReasonCode } from '../../../shared/company.constants';
import type { CompanyContact, CompanyEntity } from '../company.entity';
import { ContactDto, maskContact } from './contact.dto';

// An empty credit code means none (foreign companies may have none yet).
const upperTrim = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toUpperCase() || undefined : value;

export class CompanyAliasDto {
  @ApiProperty({ example: '柳工' })
  @Transform(trimText)
  @IsString()
  @MinLength(2)
  @MaxLength(128)
  name: string;

  @ApiProperty({ enum: COMPANY_ALIAS_KINDS, description: 'alias: 简称 or English name; former: 曾用名' })
  @IsIn(COMPANY_ALIAS_KINDS)
  kind: CompanyAliasKind;
}

class CompanyFieldsDto {
  @ApiProperty({ example: '深圳市惠科电子有限公司' })
  @Transform(trimText)
  @IsString()
  @MinLength(2)
  @MaxLength(128)
  name: string;

  @ApiPropertyOptional({
    example: '91350100M000100Y43',
    description: '统一社会信用代码; optional for foreign and HK/Macao/Taiwan companies',
  })
  @IsOptional()
  @Transform(upperTrim)
  @IsString()
  creditCode?: string;

  @ApiProperty({ enum: OWNERSHIPS })
  @IsIn(OWNERSHIPS)
  ownership: Ownership;

  @ApiPropertyOptional({ example: '440300', description: 'Where the company comes from' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'must be a six-digit division code such as 440300' })
  originRegionCode?: string;

  @ApiPropertyOptional({ example: 'electronics' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(32)
  clusterCode?: string;

  @ApiPropertyOptional({ example: 'electronics.new_displays' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  segmentCode?: string;

  @ApiPropertyOptional({ enum: COMPANY_FLAGS, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(COMPANY_FLAGS, { each: true })
  flags?: CompanyFlag[];

  @ApiPropertyOptional({ example: 250.5, description: '亿元' })
  @IsOptional()
  @IsAmount(1_000_000)
  annualRevenue?: number;

  @ApiPropertyOptional({ example: 12000 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  employees?: number;

  @ApiPropertyOptional({ example: 'https://www.example.com' })
  @IsOptional()
  @IsUrl({ require_protocol: true, protocols: ['http', 'https'] }, { message: 'must be an http(s) address' })
  @MaxLength(255)
  website?: string;

  @ApiPropertyOptional({ type: [ContactDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ContactDto)
  contacts?: ContactDto[];

  @ApiPropertyOptional({ type: [CompanyAliasDto], description: 'Short names, English names and former names' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => CompanyAliasDto)
  aliases?: CompanyAliasDto[];

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '7',
    description: 'The group company above this one (null clears it); needs parentRelation',
  })
  @IsOptional()
  @IsEntityId()
  parentCompanyId?: string | null;

  @ApiPropertyOptional({ enum: COMPANY_RELATIONS, nullable: true, description: 'subsidiary 子公司 or branch 分公司' })
  @IsOptional()
  @IsIn(COMPANY_RELATIONS)
  parentRelation?: CompanyRelation | null;
}

export class CompanyCreateDto extends CompanyFieldsDto {
  @ApiPropertyOptional({ description: 'Create even though the name matches existing companies (after checking them)' })
  @IsOptional()
  @IsBoolean()
  confirmDistinct?: boolean;
}

export class CompanyUpdateDto extends PartialType(OmitType(CompanyCreateDto, ['name', 'ownership'] as const)) {
  @ApiProperty({ description: 'The version you read' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional({ example: '深圳市惠科电子有限公司' })
  @OptionalNotNull()
  @Transform(trimText)
  @IsString()
  @MinLength(2)
  @MaxLength(128)
  name?: string;

  @ApiPropertyOptional({ enum: OWNERSHIPS })
  @OptionalNotNull()
  @IsIn(OWNERSHIPS)
  ownership?: Ownership;
}

export class CompanyListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Chinese name, full pinyin, pinyin initials or credit code; best match first' })
  @IsOptional()
  @Transform(trimText)
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  q?: string;

  @ApiPropertyOptional({ enum: OWNERSHIPS })
  @IsOptional()
  @IsIn(OWNERSHIPS)
  ownership?: Ownership;

  @ApiPropertyOptional({ example: 'electronics' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9_]{0,31}$/, { message: 'must be a cluster code such as electronics' })
  clusterCode?: string;

  @ApiPropertyOptional({ example: '440300' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'must be a six-digit division code' })
  originRegionCode?: string;

  @ApiPropertyOptional({ enum: COMPANY_FLAGS })
  @IsOptional()
  @IsIn(COMPANY_FLAGS)
  flag?: CompanyFlag;
}

export class CompanyResponseDto {
  @ApiProperty({ example: '42' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ type: String, nullable: true })
  creditCode: string | null;

  @ApiProperty({ enum: OWNERSHIPS })
  ownership: Ownership;

  @ApiProperty({ type: String, nullable: true })
  originRegionCode: string | null;

  @ApiProperty({ type: String, nullable: true })
  clusterCode: string | null;

  @ApiProperty({ type: String, nullable: true })
  segmentCode: string | null;

  @ApiProperty({ enum: COMPANY_FLAGS, isArray: true })
  flags: CompanyFlag[];

  @ApiProperty({ type: Number, nullable: true, description: '亿元' })
  annualRevenue: number | null;

  @ApiProperty({ type: Number, nullable: true })
  employees: number | null;

  @ApiProperty({ type: String, nullable: true })
  website: string | null;

  @ApiProperty({
    type: [ContactDto],
    description:
      'Phones and emails in full only on one company read by those who work its projects (the holding chain of its leads, collaborators, the company’s registrar, administrators), audited; masked (138****1234) in lists and for everyone else',
  })
  contacts: CompanyContact[];

  @ApiProperty({ description: 'Whether the phones and emails above are masked for you' })
  contactsMasked: boolean;

  @ApiProperty({ type: [CompanyAliasDto] })
  aliases: CompanyAliasDto[];

  @ApiProperty({ type: String, nullable: true })
  parentCompanyId: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The group company above, by name' })
  parentCompanyName: string | null;

  @ApiProperty({ enum: COMPANY_RELATIONS, nullable: true })
  parentRelation: CompanyRelation | null;

  @ApiProperty()
  version: number;

  @ApiProperty()
  createdAt: string;

  @ApiProperty()
  updatedAt: string;
}

export class CompanyPageDto extends PageOf(CompanyResponseDto) {}

export type CompanyRow = Omit<CompanyEntity, 'originRegion' | 'cluster' | 'segment' | 'parentCompany'>;

/** `contacts`: 'full' only for those who may read them (CompaniesService.readsContactsInFull); lists always mask. */
export function mapCompany(row: CompanyRow, contacts: 'full' | 'masked', group: CompanyGroupFacts): CompanyResponseDto {
  return {
    id: String(row.id),
    name: row.name,
    creditCode: row.creditCode,
    ownership: row.ownership,
    originRegionCode: row.originRegionCode,
    clusterCode: row.clusterCode,
    segmentCode: row.segmentCode,
    flags: row.flags,
    annualRevenue: decimalToNumber(row.annualRevenue),
    employees: row.employees,
    website: row.website,
    contacts: contacts === 'full' ? row.contacts : row.contacts.map(maskContact),
    contactsMasked: contacts === 'masked' && row.contacts.length > 0,
    aliases: group.aliases,
    parentCompanyId: row.parentCompanyId ? String(row.parentCompanyId) : null,
    parentCompanyName: group.parentCompanyName,
    parentRelation: row.parentRelation,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export class SimilarityReasonDto {
  @ApiProperty({
    enum: SIMILARITY_REASON_CODES,
    description: Object.entries(SIMILARITY_REASON_NAMES)
      .map(([code, name]) => `${code} ${name}`)
      .join(', '),
  })
  code: SimilarityReasonCode;

  @ApiProperty({ description: 'What matched: the 字号, the alias, the relation' })
  detail: string;
}

export class SimilarCompanyDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) creditCode: string | null;
  @ApiProperty({ description: 'How alike, 0 to 1; 0.8 and above is a 撞单 candidate' }) score: number;
  @ApiProperty({ type: [SimilarityReasonDto] }) reasons: SimilarityReasonDto[];
}

export class SimilarCompaniesDto {
  @ApiProperty({ type: [SimilarCompanyDto], description: 'Best first; at most `limit`' })
  items: SimilarCompanyDto[];
}

export class SimilarCompaniesLimitDto {
  @ApiPropertyOptional({ example: 10, default: 10 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(20)
  limit: number = 10;
}

export class SimilarCompaniesQueryDto extends SimilarCompaniesLimitDto {
  @ApiProperty({ example: '柳工', description: 'The name being registered' })
  @Transform(trimText)
  @IsString()
  @MinLength(2)
  @MaxLength(128)
  name: string;

  @ApiPropertyOptional({ example: '91450200198230687E' })
  @IsOptional()
  @Transform(upperTrim)
  @IsString()
  @MaxLength(18)
  creditCode?: string;
}
