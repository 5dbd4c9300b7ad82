import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Auth, Permissions, Public } from '../../core/auth/auth.decorators';
import type { AuthPrincipal } from '../../core/auth/principal';
import { ANY_ROLE } from '../../core/auth/roles';
import { ErrorBodyDto } from '../../core/errors/error-body.dto';
import { requestIdFor } from '../../core/logging/request-id';
import { AuthService, ClientInfo } from './auth.service';
import { LoginDto, LogoutDto, RefreshDto, TokenPairDto } from './dto/auth.dto';
import { MeResponseDto } from './dto/user.dto';

const clientInfo = (request: FastifyRequest): ClientInfo => ({
  ipAddress: request.ip,
  userAgent: request.headers['user-agent'] ?? null,
  requestId: requestIdFor(request.raw),
});

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Sign in: a 15-minute access token and a single-use refresh token' })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiUnauthorizedResponse({ type: ErrorBodyDto, description: 'Wrong username or password (the same answer for both)' })
  @ApiTooManyRequestsResponse({ type: ErrorBodyDto, description: '5 failed sign-ins in 15 minutes; see Retry-After' })
  login(@Body() body: LoginDto, @Req() request: FastifyRequest): Promise<TokenPairDto> {
    return this.auth.login(body, clientInfo(request));
  }

  @Post('refresh')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Swap a refresh token for a new pair; reusing a spent one ends that sign-in' })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiUnauthorizedResponse({ type: ErrorBodyDto })
  refresh(@Body() body: RefreshDto, @Req() request: FastifyRequest): Promise<TokenPairDto> {
    return this.auth.refresh(body.refreshToken, clientInfo(request));
  }

  @Post('logout')
  @HttpCode(204)
  @Permissions(...ANY_ROLE)
  @ApiOperation({ summary: 'Sign out: the sign-in ends and its tokens stop working at once' })
  @ApiNoContentResponse()
  logout(@Auth() principal: AuthPrincipal, @Body() body: LogoutDto = {}): Promise<void> {
    return this.auth.logout(principal, body?.refreshToken);
  }

  @Get('me')
  @Permissions(...ANY_ROLE)
  @ApiOperation({ summary: 'The signed-in user' })
  @ApiOkResponse({ type: MeResponseDto })
  me(@Auth() principal: AuthPrincipal): Promise<MeResponseDto> {
    return this.auth.me(principal);
  }
}
