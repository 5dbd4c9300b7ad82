import { NotificationsService } from '../notifications/notifications.service';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { AuthPrincipal, PrincipalResolver } from '../../core/auth/principal';
import { DomainException } from '../../core/errors/domain.exception';
import { ErrorCode } from '../../core/errors/error-codes';
import { AuditService } from '../audit/audit.service';
import { LoginDto, TokenPairDto } from './dto/auth.dto';
import { mapUser, MeResponseDto, UserResponseDto } from './dto/user.dto';
import { LoginThrottle } from './login-throttle';
import { spendVerificationTime, verifyPassword } from './password-hasher';
import { SessionsRepository } from './sessions.repository';
import { UsersRepository } from './users.repository';

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;

interface AccessTokenClaims {
  sub: string;
  sid: string;
}

export interface ClientInfo {
  ipAddress: string;
  userAgent: string | null;
  requestId: string;
}

const WRONG_CREDENTIALS = 'Wrong username or password';
const SIGN_IN_AGAIN = 'Your sign-in has ended; sign in again';

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Sign-in, token rotation and sign-out; also resolves access tokens for the guard. */
@Injectable()
export class AuthService implements PrincipalResolver {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {}

  async login(credentials: LoginDto, client: ClientInfo): Promise<TokenPairDto> {
    await this.throttle.registerAttempt(credentials.username, client.ipAddress);
    // Sign-in: nobody is known yet, so no jurisdiction applies.
    const user = await this.users.findCredentialsByUsernameUnscoped(credentials.username);
    // Unknown users cost a verification too, so timing does not tell which usernames exist.
    const valid = user
      ? await verifyPassword(user.passwordHash, credentials.password)
      : await spendVerificationTime(credentials.password).then(() => false);
    if (!user || !valid || !user.active) throw new DomainException(ErrorCode.Unauthenticated, WRONG_CREDENTIALS);
    await this.throttle.clear(credentials.username, client.ipAddress);

    const sessionId = randomUUID();
    const refreshToken = randomBytes(32).toString('base64url');
    const profile = await this.dataSource.transaction(async (manager) => {
      await this.sessions.createSession(manager, {
        id: sessionId,
        userId: user.id,
        ipAddress: client.ipAddress.slice(0, 64),
        userAgent: client.userAgent?.slice(0, 255) ?? null,
        expiresAt: new Date(Date.now() + SESSION_TTL_MS),
      });
      await this.sessions.addRefreshToken(manager, sessionId, hashToken(refreshToken));
      // Identity flow: the user signing in.
      const row = await this.users.findByIdUnscoped(user.id, manager);
      await this.audit.record(manager, {
        actor: { userId: user.id, requestId: client.requestId },
        action: 'login',
        entity: 'session',
        entityId: sessionId,
        unit: row ? { regionCode: row.regionCode, cityCode: row.cityCode } : null,
        changes: {},
      });
      return row!;
    });
    return this.tokenPair(user.id, sessionId, refreshToken, mapUser(profile));
  }

  async refresh(refreshToken: string, client: ClientInfo): Promise<TokenPairDto> {
    const state = await this.sessions.findRefreshToken(hashToken(refreshToken));
    if (!state) throw new DomainException(ErrorCode.Unauthenticated, 'Refresh token is not valid; sign in again');
    if (state.usedAt || state.sessionRevokedAt) {
      await this.revokeForReuse(state.sessionId, state.userId, client.requestId);
      throw new DomainException(ErrorCode.Unauthenticated, SIGN_IN_AGAIN);
    }
    if (state.sessionExpiresAt <= new Date() || !state.userActive) {
      throw new DomainException(ErrorCode.Unauthenticated, SIGN_IN_AGAIN);
    }

    const nextRefreshToken = randomBytes(32).toString('base64url');
    const rotated = await this.dataSource.transaction(async (manager) => {
      if (!(await this.sessions.spendRefreshToken(manager, state.id))) return false;
      await this.sessions.addRefreshToken(manager, state.sessionId, hashToken(nextRefreshToken));
      return true;
    });
    if (!rotated) {
      // Another request spent the same token a moment ago: one of the two holders is not the user.
      await this.revokeForReuse(state.sessionId, state.userId, client.requestId);
      throw new DomainException(ErrorCode.Unauthenticated, SIGN_IN_AGAIN);
    }
    // Identity flow: the holder of the refresh token just rotated.
    const profile = await this.users.findByIdUnscoped(state.userId);
    return this.tokenPair(state.userId, state.sessionId, nextRefreshToken, mapUser(profile!));
  }

  /** Ends the caller's current sign-in, and the sign-in of `refreshToken` when it is the caller's too. */
  async logout(principal: AuthPrincipal, refreshToken?: string): Promise<void> {
    const sessionIds = new Set([principal.sessionId]);
    if (refreshToken) {
      const state = await this.sessions.findRefreshToken(hashToken(refreshToken));
      if (state && state.userId === principal.userId) sessionIds.add(state.sessionId);
    }
    await this.dataSource.transaction(async (manager) => {
      for (const sessionId of sessionIds) {
        if (!(await this.sessions.revokeSession(manager, sessionId, 'logout'))) continue;
        await this.audit.record(manager, {
          actor: principal,
          action: 'logout',
          entity: 'session',
          entityId: sessionId,
          unit: principal,
          changes: {},
        });
      }
    });
  }

  async me(principal: AuthPrincipal): Promise<MeResponseDto> {
    // Identity flow: the caller's own profile.
    const row = await this.users.findByIdUnscoped(principal.userId);
    if (!row) throw new DomainException(ErrorCode.Unauthenticated, SIGN_IN_AGAIN);
    return { ...mapUser(row), unreadNotifications: await this.notifications.unreadCount(principal.userId) };
  }

  async resolve(accessToken: string, requestId: string): Promise<AuthPrincipal> {
    let claims: AccessTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims & object>(accessToken);
    } catch (error) {
      if ((error as Error).name === 'TokenExpiredError') {
        throw new DomainException(
          ErrorCode.TokenExpired,
          'Access token expired; get a new one from POST /api/v1/auth/refresh',
        );
      }
      throw new DomainException(ErrorCode.Unauthenticated, 'Access token is not valid; sign in again');
    }
    if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string') {
      throw new DomainException(ErrorCode.Unauthenticated, 'Access token is not valid; sign in again');
    }
    // Re-read on every request: disabling a user or ending a session takes effect at once.
    const row = await this.sessions.findLivePrincipal(claims.sid, claims.sub);
    if (!row) throw new DomainException(ErrorCode.Unauthenticated, SIGN_IN_AGAIN);
    return { ...row, sessionId: claims.sid, requestId };
  }

  private async revokeForReuse(sessionId: string, userId: string, requestId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.sessions.revokeSession(manager, sessionId, 'refresh_reuse'))) return;
      // The system revokes: the request came from whoever replayed the token, perhaps not the user.
      await this.audit.record(manager, {
        actor: { userId: null, requestId },
        action: 'revoke',
        entity: 'session',
        entityId: sessionId,
        unit: null,
        changes: { revokedReason: [null, 'refresh_reuse'], userId: [null, userId] },
      });
    });
  }

  private tokenPair(userId: string, sessionId: string, refreshToken: string, user: UserResponseDto): TokenPairDto {
    const claims: AccessTokenClaims = { sub: userId, sid: sessionId };
    return {
      accessToken: this.jwt.sign(claims, { expiresIn: ACCESS_TOKEN_TTL_SECONDS }),
      refreshToken,
      expiresIn: ACCESS_TOKEN_TTL_SECONDS,
      tokenType: 'Bearer',
      user,
    };
  }
}
