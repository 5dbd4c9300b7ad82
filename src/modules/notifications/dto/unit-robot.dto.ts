import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, MaxLength, Min, ValidateIf } from 'class-validator';
import { ROBOT_CHANNELS } from '../unit-robot.entity';
import type { RobotChannel } from '../unit-robot.entity';

/** A unit's code: any digits, so a code that is not a Guangxi unit answers 404 like a record outside one's reach. */
export class UnitCodeParamDto {
  @ApiProperty({ example: '450300' })
  @Matches(/^\d{1,18}$/, { message: 'code must be a division code such as 450300' })
  code: string;
}

export class UnitRobotParamDto extends UnitCodeParamDto {
  @ApiProperty({ enum: ROBOT_CHANNELS })
  @IsIn(ROBOT_CHANNELS)
  channel: RobotChannel;
}

export class UnitRobotPutDto {
  @ApiPropertyOptional({ description: 'The version you read; required when the unit has this robot already' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  @ApiPropertyOptional({
    example: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…',
    description:
      'The group robot’s webhook address (https, a public host: the same rules as WECOM_WEBHOOK_URL); required for a new robot, left out to keep the current one',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  webhookUrl?: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'DingTalk only: the signing secret (加签, SEC…); null: unsigned; left out: kept as it is',
  })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsString()
  @MaxLength(200)
  secret?: string | null;

  @ApiProperty({ description: 'Off: the robot is kept but nothing is posted to it' })
  @IsBoolean()
  enabled: boolean;
}

export class UnitRobotDto {
  @ApiProperty() regionCode: string;
  @ApiProperty({ enum: ROBOT_CHANNELS }) channel: RobotChannel;
  @ApiProperty({
    example: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…9f3a',
    description: 'The address with its token masked: the whole address is never read back',
  })
  webhookUrlMasked: string;
  @ApiProperty({ description: 'Whether a signing secret is kept (never read back)' }) hasSecret: boolean;
  @ApiProperty() enabled: boolean;
  @ApiProperty() version: number;
  @ApiProperty() updatedAt: string;
}

export class UnitRobotListDto {
  @ApiProperty({ type: [UnitRobotDto] }) items: UnitRobotDto[];
}

export class RobotTestDto {
  @ApiProperty({ description: 'The delivery queued (see /admin/notification-deliveries for its outcome)' })
  deliveryId: string;
}
