import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { CreatedAtColumn, UpdatedAtColumn } from '../../core/database/timestamp-columns';
import type { Role } from '../../core/auth/roles';
import { RegionEntity } from '../regions/region.entity';

/** A person who signs in: an officer, resident-team member, manager or administrator of one unit. */
@Entity({ name: 'users' })
@Index('uq_users_username', ['username'], { unique: true })
@Index('idx_users_region', ['regionCode', 'id'])
@Index('idx_users_city', ['cityCode', 'id'])
@Index('idx_users_calendar_token', ['calendarTokenHash'])
export class UserEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'varchar', length: 64 })
  username: string;

  @Column({ type: 'varchar', length: 64 })
  displayName: string;

  @Column({ type: 'varchar', length: 16 })
  role: Role;

  /** The user's unit: 450000, a city or a county. */
  @Column({ type: 'char', length: 6 })
  regionCode: string;

  @ManyToOne(() => RegionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_code', referencedColumnName: 'code', foreignKeyConstraintName: 'fk_users_region' })
  region?: RegionEntity;

  /** The unit's city (null for region-level users), so jurisdiction filters need no join. */
  @Column({ type: 'char', length: 6, nullable: true })
  cityCode: string | null;

  /** Where email notifications go (reminders, supervision slips, the daily digest); none: in-app only. */
  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  /** SHA-256 of the secret in the user's calendar feed URL; null until they ask for one. */
  @Column({ type: 'char', length: 64, nullable: true })
  calendarTokenHash: string | null;

  /** The resident team the user belongs to. */
  @Column({ type: 'bigint', nullable: true })
  teamId: string | null;

  @ManyToOne('TeamEntity', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'team_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_users_team' })
  team?: unknown;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ type: 'varchar', length: 255, select: false })
  passwordHash: string;

  @Column({ type: 'bigint', nullable: true })
  createdBy: string | null;

  @VersionColumn()
  version: number;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;
}
