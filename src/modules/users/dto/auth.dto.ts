import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { USERNAME_PATTERN, UserResponseDto } from './user.dto';

export class LoginDto {
  @ApiProperty({ example: 'admin' })
  @IsString()
  @Matches(USERNAME_PATTERN, { message: 'is not a username (letters, digits, dots, dashes, underscores)' })
  username: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password: string;
}

export class RefreshDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  refreshToken: string;
}

export class LogoutDto {
  @ApiProperty({ required: false, description: 'Ends that sign-in; without it, the sign-in of the access token ends' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  refreshToken?: string;
}

export class TokenPairDto {
  @ApiProperty({ description: 'JWT for Authorization: Bearer, valid for expiresIn seconds' })
  accessToken: string;

  @ApiProperty({ description: 'Single use: each refresh returns a new one; reusing a spent one ends the sign-in' })
  refreshToken: string;

  @ApiProperty({ example: 900 })
  expiresIn: number;

  @ApiProperty({ example: 'Bearer' })
  tokenType: 'Bearer';

  @ApiProperty({ type: UserResponseDto })
  user: UserResponseDto;
}
