import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

/** `:id` path parameters: ids are positive integers sent as strings (API.md). */
export class IdParamDto {
  @ApiProperty({ example: '42' })
  @Matches(/^[1-9]\d{0,17}$/, { message: 'must be a positive integer id such as 42' })
  id: string;
}
