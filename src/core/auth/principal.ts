import type { Role } from './roles';

/** Who is calling: resolved from the access token and re-read from the database on every request. */
export interface AuthPrincipal {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  /** The user's unit: 450000, a city or a county. */
  regionCode: string;
  /** The unit's city; null for region-level users. */
  cityCode: string | null;
  teamId: string | null;
  sessionId: string;
  requestId: string;
}

/** What the guard needs from the identity module, kept as an interface so core does not depend on features. */
export interface PrincipalResolver {
  /** Verifies an access token and returns the principal, or throws UNAUTHENTICATED / TOKEN_EXPIRED. */
  resolve(accessToken: string, requestId: string): Promise<AuthPrincipal>;
}

export const PRINCIPAL_RESOLVER = Symbol('PRINCIPAL_RESOLVER');
