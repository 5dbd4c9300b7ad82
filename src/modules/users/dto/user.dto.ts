import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { ROLES } from '../../../core/auth/roles';
import type { Role } from '../../../core/auth/roles';
import { PageOf, PageQueryDto } from '../../../core/common/pagination';
import { OptionalNotNull, trimText } from '../../../core/common/validators';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../password-hasher';
import type { UserEntity } from '../user.entity';

// ASCII only: the database collation would otherwise treat ＡＤＭＩＮ, ádmin and admin as one name.
export const USERNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$/;
const USERNAME_MESSAGE = 'must be 3-64 letters, digits, dots, dashes or underscores, starting with a letter or digit';
const REGION_CODE = /^\d{6}$/;
const REGION_CODE_MESSAGE = 'must be the six-digit code of the unit (450000, a city or a county)';
const PASSWORD_MESSAGE = `must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`;

export class UserCreateDto {
  @ApiProperty({ example: 'nn.liming' })
  @Matches(USERNAME_PATTERN, { message: USERNAME_MESSAGE })
  username: string;

  @ApiProperty({ example: '李明' })
  @Transform(trimText)
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  displayName: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'liming@example.gov.cn',
    description: 'For email notifications; null removes it',
  })
  @IsOptional()
  @Transform(trimText)
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(254)
  email?: string | null;

  @ApiProperty({ minLength: MIN_PASSWORD_LENGTH })
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH, { message: PASSWORD_MESSAGE })
  @MaxLength(MAX_PASSWORD_LENGTH, { message: PASSWORD_MESSAGE })
  password: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @ApiProperty({ example: '450100' })
  @Matches(REGION_CODE, { message: REGION_CODE_MESSAGE })
  regionCode: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class UserUpdateDto {
  @ApiProperty({ description: 'The version you read; a stale one answers 409 VERSION_CONFLICT' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional({ example: '李明' })
  @OptionalNotNull()
  @Transform(trimText)
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  displayName?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @OptionalNotNull()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'liming@example.gov.cn',
    description: 'For email notifications; null removes it',
  })
  @IsOptional()
  @Transform(trimText)
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ example: '450102' })
  @OptionalNotNull()
  @Matches(REGION_CODE, { message: REGION_CODE_MESSAGE })
  regionCode?: string;

  @ApiPropertyOptional({ description: 'false disables the account and cuts its sessions' })
  @OptionalNotNull()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ description: 'Sets a new password (a reset by an administrator or manager)' })
  @OptionalNotNull()
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH, { message: PASSWORD_MESSAGE })
  @MaxLength(MAX_PASSWORD_LENGTH, { message: PASSWORD_MESSAGE })
  password?: string;
}

export class PasswordChangeDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_PASSWORD_LENGTH)
  currentPassword: string;

  @ApiProperty({ minLength: MIN_PASSWORD_LENGTH })
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH, { message: PASSWORD_MESSAGE })
  @MaxLength(MAX_PASSWORD_LENGTH, { message: PASSWORD_MESSAGE })
  newPassword: string;
}

export class UserListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ example: '450100', description: 'Only users of this unit' })
  @IsOptional()
  @Matches(REGION_CODE, { message: REGION_CODE_MESSAGE })
  regionCode?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ description: 'Start of a username or display name' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  q?: string;
}

export class UserResponseDto {
  @ApiProperty({ example: '42' })
  id: string;

  @ApiProperty({ example: 'nn.liming' })
  username: string;

  @ApiProperty({ example: '李明' })
  displayName: string;

  @ApiProperty({ enum: ROLES })
  role: Role;

  @ApiProperty({ example: '450100' })
  regionCode: string;

  @ApiProperty({ type: String, nullable: true })
  email: string | null;

  @ApiProperty({ type: String, nullable: true })
  teamId: string | null;

  @ApiProperty()
  active: boolean;

  @ApiProperty()
  version: number;

  @ApiProperty({ example: '2026-03-01T01:00:00.000Z' })
  createdAt: string;

  @ApiProperty({ example: '2026-03-01T01:00:00.000Z' })
  updatedAt: string;
}

export class UserPageDto extends PageOf(UserResponseDto) {}

export class MeResponseDto extends UserResponseDto {
  @ApiProperty({ description: 'Unread in-app notifications' })
  unreadNotifications: number;
}

export type UserRow = Pick<
  UserEntity,
  | 'id'
  | 'username'
  | 'displayName'
  | 'role'
  | 'regionCode'
  | 'cityCode'
  | 'email'
  | 'teamId'
  | 'active'
  | 'version'
  | 'createdAt'
  | 'updatedAt'
>;

export function mapUser(row: UserRow): UserResponseDto {
  return {
    id: String(row.id),
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    regionCode: row.regionCode,
    email: row.email ?? null,
    teamId: row.teamId === null ? null : String(row.teamId),
    active: Boolean(row.active),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export class PeopleQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Part of a display name' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  q?: string;
}

/** A colleague in the directory (GET /people): what every signed-in user may know of the people they work with. */
export class PersonDto {
  @ApiProperty({ example: '42' }) id: string;
  @ApiProperty({ example: '李明' }) displayName: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ example: '450100', description: 'The unit' }) regionCode: string;
  @ApiProperty({ type: String, nullable: true, example: '南宁市' }) regionName: string | null;
  @ApiProperty({ type: String, nullable: true }) teamId: string | null;
  @ApiProperty({ type: String, nullable: true, example: '驻深圳招商工作组' }) teamName: string | null;
}

export class PersonPageDto extends PageOf(PersonDto) {}
