import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn } from '../../core/database/timestamp-columns';
import type { DeadlineStatus, DeadlineStep, DeadlineSubject } from '../../shared/linkage.constants';

/**
 * One moment a linkage rule acts: a reminder before a deadline, or an overdue step at it (level 1) and one more
 * period later (level 2, one unit higher). The row is the truth; a BullMQ delayed job with the row's id as jobId
 * fires it, and the reconciler re-creates lost jobs and fires late rows. Firing flips status in one conditional
 * update, so a doubled or retried job acts once.
 */
@Entity({ name: 'linkage_deadlines' })
@Index('uq_linkage_deadlines_step', ['subjectKind', 'subjectId', 'round', 'step', 'level'], { unique: true })
@Index('idx_linkage_deadlines_due', ['status', 'fireAt'])
export class DeadlineEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'varchar', length: 24 })
  subjectKind: DeadlineSubject;

  @Column({ type: 'bigint' })
  subjectId: string;

  /** The escalation's forward count (each round has its own deadlines); 0 otherwise. */
  @Column({ type: 'tinyint', unsigned: true, default: 0 })
  round: number;

  @Column({ type: 'varchar', length: 16 })
  step: DeadlineStep;

  /** 0 for the reminder; 1, 2, ... for each overdue step. */
  @Column({ type: 'tinyint', unsigned: true })
  level: number;

  @Column({ type: 'datetime', precision: 3 })
  fireAt: Date;

  @Column({ type: 'varchar', length: 16 })
  status: DeadlineStatus;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  firedAt: Date | null;

  @CreatedAtColumn()
  createdAt: Date;
}
