import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PERMITTED_ROLES, PUBLIC_ROUTE } from '../../src/core/auth/auth.decorators';

/** Paths served without the /api/v1 prefix (bootstrap's exclude list). */
const UNPREFIXED = ['/health/live', '/health/ready'];

export interface RouteDeclaration {
  /** "POST /leads/:id/transitions", as the controller declares it. */
  route: string;
  /** "post /api/v1/leads/{id}/transitions", as the OpenAPI document names it. */
  documented: string;
  isPublic: boolean;
  roles: string[] | undefined;
}

/** Every route the application's controllers declare, read from Nest's metadata (not from the docs). */
export function discoverRoutes(app: NestFastifyApplication): RouteDeclaration[] {
  const scanner = new MetadataScanner();
  return app
    .get(DiscoveryService)
    .getControllers()
    .flatMap(({ instance, metatype }) => {
      const prototype = Object.getPrototypeOf(instance);
      const base = Reflect.getMetadata(PATH_METADATA, metatype as object) as string;
      return scanner.getAllMethodNames(prototype).flatMap((name) => {
        const handler = prototype[name];
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        if (path === undefined) return [];
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        const metadata = <T>(key: string): T | undefined =>
          Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, metatype as object);
        const relative = `/${[base, path].filter((part) => part && part !== '/').join('/')}`.replace(/\/+/g, '/');
        const served = UNPREFIXED.includes(relative) ? relative : `/api/v1${relative}`;
        return [
          {
            route: `${method} ${relative}`,
            documented: `${method.toLowerCase()} ${served.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`,
            isPublic: metadata<boolean>(PUBLIC_ROUTE) === true,
            roles: metadata<string[]>(PERMITTED_ROLES),
          },
        ];
      });
    });
}
