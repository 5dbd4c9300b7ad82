import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ErrorBodyDto } from '../errors/error-body.dto';
import type { AuthPrincipal } from './principal';
import type { Role } from './roles';

export const PUBLIC_ROUTE = 'zs:public';
export const PERMITTED_ROLES = 'zs:roles';

/** A route anyone may call without a token (login, refresh, health). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** The roles that may call a route. Every non-public route must declare this; the guard denies otherwise. */
export const Permissions = (...roles: readonly Role[]) =>
  applyDecorators(
    SetMetadata(PERMITTED_ROLES, roles),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ type: ErrorBodyDto, description: 'UNAUTHENTICATED or TOKEN_EXPIRED' }),
    ApiForbiddenResponse({ type: ErrorBodyDto, description: `FORBIDDEN: allowed for ${roles.join(', ')}` }),
  );

/** The signed-in caller, as the guard resolved it. */
export const Auth = createParamDecorator((_data: unknown, context: ExecutionContext): AuthPrincipal => {
  return context.switchToHttp().getRequest<{ principal: AuthPrincipal }>().principal;
});
