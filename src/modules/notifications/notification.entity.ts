import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn } from '../../core/database/timestamp-columns';
import { UserEntity } from '../users/user.entity';

/**
 * An in-app message to one user. dedupeKey names the event (e.g. "dispatch:12:overdue:1"), unique per user,
 * so an event announced twice (a retried job, a race) reaches each user once.
 */
@Entity({ name: 'notifications' })
@Index('uq_notifications_dedupe', ['userId', 'dedupeKey'], { unique: true })
@Index('idx_notifications_user', ['userId', 'id'])
@Index('idx_notifications_user_unread', ['userId', 'readAt', 'id'])
export class NotificationEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'bigint' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_notifications_user' })
  user?: UserEntity;

  /** dispatch_received, dispatch_overdue, escalation_received, conflict_opened, ... */
  @Column({ type: 'varchar', length: 40 })
  kind: string;

  /** Shown to the user: Simplified Chinese. */
  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  body: string | null;

  @Column({ type: 'bigint', nullable: true })
  leadId: string | null;

  /** The record it is about: dispatch, escalation, conflict, lead. */
  @Column({ type: 'varchar', length: 24, nullable: true })
  subjectKind: string | null;

  @Column({ type: 'bigint', nullable: true })
  subjectId: string | null;

  @Column({ type: 'varchar', length: 120 })
  dedupeKey: string;

  @CreatedAtColumn()
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  readAt: Date | null;
}
