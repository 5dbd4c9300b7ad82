import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { SEARCH_RANKS, type SearchRank } from '../../../core/common/search-rank';
import { trimText } from '../../../core/common/validators';

export const SEARCH_KINDS = ['lead', 'company', 'chamber', 'park', 'person'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export const SEARCH_DEFAULT_LIMIT = 10;
export const SEARCH_MAX_LIMIT = 30;

export class SearchQueryDto {
  @ApiProperty({
    minLength: 1,
    maxLength: 64,
    example: 'bbgy',
    description:
      'What to find, trimmed: part of a lead title or code name, a company name, its pinyin, initials or credit code, a chamber, park or colleague name',
  })
  @Transform(trimText)
  @IsString()
  @Length(1, 64)
  q: string;

  @ApiPropertyOptional({ minimum: 1, maximum: SEARCH_MAX_LIMIT, default: SEARCH_DEFAULT_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(SEARCH_MAX_LIMIT)
  limit: number = SEARCH_DEFAULT_LIMIT;
}

/** One record the header search found, of any kind, named as the caller may see it. */
export class SearchHitDto {
  @ApiProperty({ enum: SEARCH_KINDS, example: 'lead' })
  kind: SearchKind;

  @ApiProperty({ example: '42', description: 'The id of the lead, company, chamber, park or user' })
  id: string;

  @ApiProperty({
    example: '北部湾一号',
    description: 'Its name: a confidential lead outside its holder’s chain by its code name',
  })
  title: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '比亚迪股份有限公司 · 洽谈',
    description:
      'What tells it apart: a lead’s company and stage, a company’s credit code and ownership, a chamber’s kind and seat, a park’s region, a colleague’s unit and team',
  })
  subtitle: string | null;

  @ApiProperty({
    enum: SEARCH_RANKS,
    example: 1,
    description:
      'How it matched, lower first: 0 credit code, 1 exact name, 2 name prefix, 3 pinyin or initials prefix, 4 contains',
  })
  rank: SearchRank;
}

export class SearchResultDto {
  @ApiProperty({ type: [SearchHitDto], description: 'Best first across kinds, at most `limit`' })
  items: SearchHitDto[];
}
