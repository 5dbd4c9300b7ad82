import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { DomainException } from '../errors/domain.exception';
import { ErrorCode } from '../errors/error-codes';
import { requestIdFor } from '../logging/request-id';
import { PERMITTED_ROLES, PUBLIC_ROUTE } from './auth.decorators';
import { PRINCIPAL_RESOLVER } from './principal';
import type { AuthPrincipal, PrincipalResolver } from './principal';
import type { Role } from './roles';

/** The one guard: public routes pass; every other route needs a valid token and a permitted role. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(PRINCIPAL_RESOLVER) private readonly principals: PrincipalResolver,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const roles = this.reflector.getAllAndOverride<readonly Role[] | undefined>(PERMITTED_ROLES, targets);

    const request = context.switchToHttp().getRequest<FastifyRequest & { principal?: AuthPrincipal }>();
    const token = bearerToken(request.headers.authorization);
    if (!token)
      throw new DomainException(ErrorCode.Unauthenticated, 'Sign in first: send Authorization: Bearer <accessToken>');
    const principal = await this.principals.resolve(token, requestIdFor(request.raw));
    request.principal = principal;

    // Deny by default: a route that forgot its declaration is closed, and a test lists it.
    if (!roles || !roles.includes(principal.role)) {
      throw new DomainException(ErrorCode.Forbidden, `The ${principal.role} role may not do this`);
    }
    return true;
  }
}

function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const [scheme, token] = header.split(' ');
  return scheme?.toLowerCase() === 'bearer' && token ? token : null;
}
