import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PageOf, PageQueryDto } from '../../../core/common/pagination';
import { DEADLINE_SPEC_PATTERN } from '../../../core/common/deadline-calendar';
import { IsCalendarDate, IsIsoDateTime, trimText } from '../../../core/common/validators';
import { CALENDAR_DAY_KINDS } from '../../../core/common/deadline-calendar';
import type { CalendarDayKind } from '../../../core/common/deadline-calendar';

export class CalendarYearParamDto {
  @ApiProperty({ example: 2027 })
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;
}

export class CalendarDayDto {
  @ApiProperty({ example: '2027-04-09', description: 'A calendar date in Asia/Shanghai (YYYY-MM-DD)' })
  @IsCalendarDate()
  date: string;

  @ApiProperty({ enum: CALENDAR_DAY_KINDS, description: 'holiday: a day off; workday: a make-up working day (调休)' })
  @IsIn(CALENDAR_DAY_KINDS)
  kind: CalendarDayKind;

  @ApiProperty({ example: '壮族三月三' })
  @Transform(trimText)
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  name: string;
}

export class CalendarYearPutDto {
  @ApiPropertyOptional({ description: 'The version you read; required when the year is already maintained' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  @ApiProperty({ description: 'Whether the days follow the year’s published notice (false: provisional)' })
  @IsBoolean()
  confirmed: boolean;

  @ApiProperty({ type: [CalendarDayDto], description: 'Every maintained day of the year; replaces the ones before' })
  @IsArray()
  @ArrayMaxSize(120)
  @ValidateNested({ each: true })
  @Type(() => CalendarDayDto)
  days: CalendarDayDto[];
}

export class CalendarYearSummaryDto {
  @ApiProperty() year: number;
  @ApiProperty({ description: 'False while the days are provisional (the reference seeds’ statutory 三月三)' })
  confirmed: boolean;
  @ApiProperty() version: number;
  @ApiProperty({ description: 'Maintained holidays' }) holidayCount: number;
  @ApiProperty({ description: 'Maintained make-up working days' }) workdayCount: number;
  @ApiProperty({ description: 'Whether the chinese-days package lists the national holidays of the year' })
  nationalListed: boolean;
  @ApiProperty({ type: String, nullable: true }) updatedBy: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Null for the reference seeds' })
  updatedByName: string | null;
  @ApiProperty() updatedAt: string;
}

export class CalendarYearPageDto extends PageOf(CalendarYearSummaryDto) {
  @ApiProperty({
    type: [String],
    description: 'What needs an administrator: the current year, or in December the next, not confirmed or missing',
  })
  warnings: string[];
}

export class CalendarYearDto extends CalendarYearSummaryDto {
  @ApiProperty({ type: [CalendarDayDto] }) days: CalendarDayDto[];
  @ApiProperty({ type: [CalendarDayDto], description: 'The national days of the year from chinese-days, to read' })
  nationalDays: CalendarDayDto[];
}

export class CalendarYearListQueryDto extends PageQueryDto {}

export class DeadlinePreviewQueryDto {
  @ApiProperty({ example: '2027-04-08T10:00:00+08:00', description: 'When the period starts' })
  @IsIsoDateTime()
  from: string;

  @ApiProperty({ example: '3wd', description: 'Working days (3wd, at most 60wd) or a plain duration (90s, 15m, 4h)' })
  @Matches(DEADLINE_SPEC_PATTERN, { message: 'must be a deadline such as 3wd, 90s, 15m or 4h' })
  spec: string;
}

export class DayOffDto {
  @ApiProperty({ example: '2027-04-09' }) date: string;
  @ApiProperty({ example: '壮族三月三', description: 'Why it is off: the holiday’s name, or 周末' }) name: string;
}

export class DeadlinePreviewDto {
  @ApiProperty() from: string;
  @ApiProperty() spec: string;
  @ApiProperty({ description: 'When the period ends (24:00 Asia/Shanghai of the last working day)' })
  dueAt: string;
  @ApiProperty({ description: 'When the responsible users would be reminded' }) remindAt: string;
  @ApiProperty({ type: [DayOffDto], description: 'The days off the period steps over, with their names' })
  skipped: DayOffDto[];
}
