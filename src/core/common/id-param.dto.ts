import { ApiProperty } from '@nestjs/swagger';
import { IsEntityId } from './validators';

/** `:id` path parameters: ids are positive integers sent as strings (docs/api.md "Bodies"). */
export class IdParamDto {
  @ApiProperty({ example: '42' })
  @IsEntityId()
  id: string;
}
