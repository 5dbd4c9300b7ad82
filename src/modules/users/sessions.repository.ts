import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { AuthPrincipal } from '../../core/auth/principal';
import { RefreshTokenEntity } from './refresh-token.entity';
import { SessionEntity } from './session.entity';
import { UserEntity } from './user.entity';

/** The principal's stored part; the session and request ids come from the token and the request. */
export type SessionPrincipalRow = Omit<AuthPrincipal, 'sessionId' | 'requestId'>;

export interface RefreshTokenState {
  id: string;
  sessionId: string;
  userId: string;
  usedAt: Date | null;
  sessionRevokedAt: Date | null;
  sessionExpiresAt: Date;
  userActive: boolean;
}

/** Sign-in sessions and their rotating refresh tokens. */
@Injectable()
export class SessionsRepository {
  constructor(
    @InjectRepository(SessionEntity) private readonly sessions: Repository<SessionEntity>,
    @InjectRepository(RefreshTokenEntity) private readonly tokens: Repository<RefreshTokenEntity>,
  ) {}

  /** The principal behind a live session: the session not revoked or expired, the user active. One indexed join. */
  async findLivePrincipal(sessionId: string, userId: string): Promise<SessionPrincipalRow | null> {
    const row = await this.sessions
      .createQueryBuilder('session')
      .innerJoin(UserEntity, 'user', 'user.id = session.userId')
      .select([
        'user.id AS userId',
        'user.username AS username',
        'user.displayName AS displayName',
        'user.role AS role',
        'user.regionCode AS regionCode',
        'user.cityCode AS cityCode',
        'user.teamId AS teamId',
      ])
      .where('session.id = :sessionId AND session.userId = :userId', { sessionId, userId })
      .andWhere('session.revokedAt IS NULL AND session.expiresAt > :now AND user.active = 1', { now: new Date() })
      .getRawOne<SessionPrincipalRow>();
    return row ? { ...row, userId: String(row.userId), teamId: row.teamId === null ? null : String(row.teamId) } : null;
  }

  async createSession(
    manager: EntityManager,
    session: Pick<SessionEntity, 'id' | 'userId' | 'ipAddress' | 'userAgent' | 'expiresAt'>,
  ): Promise<void> {
    await manager.createQueryBuilder().insert().into(SessionEntity).values(session).updateEntity(false).execute();
  }

  async addRefreshToken(manager: EntityManager, sessionId: string, tokenHash: string): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(RefreshTokenEntity)
      .values({ sessionId, tokenHash })
      .updateEntity(false)
      .execute();
  }

  async findRefreshToken(tokenHash: string): Promise<RefreshTokenState | null> {
    const row = await this.tokens
      .createQueryBuilder('token')
      .innerJoin(SessionEntity, 'session', 'session.id = token.sessionId')
      .innerJoin(UserEntity, 'user', 'user.id = session.userId')
      .select([
        'token.id AS id',
        'token.sessionId AS sessionId',
        'session.userId AS userId',
        'token.usedAt AS usedAt',
        'session.revokedAt AS sessionRevokedAt',
        'session.expiresAt AS sessionExpiresAt',
        'user.active AS userActive',
      ])
      .where('token.tokenHash = :tokenHash', { tokenHash })
      .getRawOne<RefreshTokenState>();
    return row
      ? { ...row, id: String(row.id), userId: String(row.userId), userActive: Boolean(Number(row.userActive)) }
      : null;
  }

  /** Marks a token spent; false when another request spent it first (then it is a reuse). */
  async spendRefreshToken(manager: EntityManager, tokenId: string): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(RefreshTokenEntity)
      .set({ usedAt: new Date() })
      .where('id = :tokenId AND used_at IS NULL', { tokenId })
      .execute();
    return result.affected === 1;
  }

  async revokeSession(manager: EntityManager, sessionId: string, reason: string): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(SessionEntity)
      .set({ revokedAt: new Date(), revokedReason: reason })
      .where('id = :sessionId AND revoked_at IS NULL', { sessionId })
      .execute();
    return result.affected === 1;
  }

  /** Revokes every live session of a user, except `keepSessionId` when given. */
  async revokeAllForUser(
    manager: EntityManager,
    userId: string,
    reason: string,
    keepSessionId?: string,
  ): Promise<number> {
    const query = manager
      .createQueryBuilder()
      .update(SessionEntity)
      .set({ revokedAt: new Date(), revokedReason: reason })
      .where('user_id = :userId AND revoked_at IS NULL', { userId });
    if (keepSessionId) query.andWhere('id <> :keepSessionId', { keepSessionId });
    return (await query.execute()).affected ?? 0;
  }
}
