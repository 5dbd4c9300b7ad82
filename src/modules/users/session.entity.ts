import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CreatedAtColumn } from '../../core/database/timestamp-columns';
import { UserEntity } from './user.entity';

/**
 * One sign-in: the family of refresh tokens that rotate from one login. Access tokens carry its id, so
 * revoking it (logout, reuse of a spent refresh token, password change) cuts them at the next request.
 */
@Entity({ name: 'sessions' })
@Index('idx_sessions_user', ['userId', 'revokedAt'])
export class SessionEntity {
  @PrimaryColumn({ type: 'char', length: 36 })
  id: string;

  @Column({ type: 'bigint' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_sessions_user' })
  user?: UserEntity;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ipAddress: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  userAgent: string | null;

  @Column({ type: 'datetime', precision: 3 })
  expiresAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  revokedReason: string | null;

  @CreatedAtColumn()
  createdAt: Date;
}
