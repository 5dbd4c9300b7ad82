import { applyDecorators } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiServiceUnavailableResponse,
} from '@nestjs/swagger';
import { ErrorCode } from './error-codes';

export class ErrorDetailDto {
  @ApiPropertyOptional({ example: 'expectedInvestment' })
  field?: string;

  @ApiPropertyOptional({ example: 'min' })
  constraint?: string;

  @ApiProperty({ example: 'must not be negative' })
  message: string;
}

/** The error body of every route (docs/api.md "Errors"). */
export class ErrorBodyDto {
  @ApiProperty({ example: 400 })
  statusCode: number;

  @ApiProperty({ enum: Object.values(ErrorCode), example: ErrorCode.ValidationFailed })
  code: string;

  @ApiProperty({ example: 'expectedInvestment must not be negative' })
  message: string;

  @ApiPropertyOptional({ type: [ErrorDetailDto] })
  details?: ErrorDetailDto[];

  @ApiPropertyOptional({ example: '3f0b6c1e-1d7e-4d0a-9c57-2b0e6d1f4a10' })
  requestId?: string;
}

/** The errors any read route can answer with. */
export const ApiReadErrors = () =>
  applyDecorators(
    ApiBadRequestResponse({ type: ErrorBodyDto, description: 'VALIDATION_FAILED' }),
    ApiNotFoundResponse({ type: ErrorBodyDto, description: 'NOT_FOUND' }),
    ApiServiceUnavailableResponse({ type: ErrorBodyDto, description: 'NOT_READY: the database or Redis is down' }),
  );
