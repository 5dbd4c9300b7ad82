import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { PageOf } from '../../../core/common/pagination';
import { IsAmount, IsEntityId } from '../../../core/common/validators';
import { INVESTMENT_SOURCES } from '../../../shared/lead.constants';
import type { InvestmentSource } from '../../../shared/lead.constants';

/** A month as the API writes it. */
export const PERIOD_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

export class LeadInvestmentParamDto {
  @ApiProperty({ example: '42' })
  @IsEntityId()
  id: string;

  @ApiProperty({ example: '2027-03', description: 'The month the investment was completed in (YYYY-MM)' })
  @Matches(PERIOD_PATTERN, { message: 'must be a month as YYYY-MM' })
  period: string;
}

export class LeadInvestmentPutDto {
  @ApiProperty({ example: 0.85, description: '完成投资 in the month, 亿元 (the month’s own, not the year to date)' })
  @IsAmount()
  amount: number;

  @ApiProperty({
    enum: INVESTMENT_SOURCES,
    description: 'statistics: 统计月报; company: 企业报送; site_check: 现场核查',
  })
  @IsIn(INVESTMENT_SOURCES)
  source: InvestmentSource;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;

  @ApiPropertyOptional({ description: 'The version you read; required to correct a month recorded before' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class LeadInvestmentDto {
  @ApiProperty({ example: '2027-03' }) period: string;
  @ApiProperty({ description: '亿元' }) amount: number;
  @ApiProperty({ enum: INVESTMENT_SOURCES }) source: string;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ type: String, nullable: true }) userId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Who recorded it last' }) userName: string | null;
  @ApiProperty() version: number;
  @ApiProperty() updatedAt: string;
}

export class LeadInvestmentPageDto extends PageOf(LeadInvestmentDto) {
  @ApiProperty({ description: '完成投资 over every month, 亿元 (the lead’s investmentCompletedTotal)' })
  completedTotal: number;
}
