import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { CreatedAtColumn, UpdatedAtColumn } from '../../core/database/timestamp-columns';
import { LeadEntity } from '../leads/lead.entity';
import { UserEntity } from '../users/user.entity';

export const TASK_STATUSES = ['open', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
/** Where a task came from: someone wrote it, a visit's next step, a lead's next follow-up, a stall warning, a recurrence. */
export const TASK_SOURCES = ['manual', 'visit', 'follow_up', 'stall', 'recurrence'] as const;
export type TaskSource = (typeof TASK_SOURCES)[number];

/**
 * A follow-up someone must do by a time. It belongs to the unit of its lead (or of its assignee), so managers see
 * their jurisdiction's tasks. remindedFor is the reminder time already delivered: a reminder fires when
 * remindAt differs from it, once.
 */
@Entity({ name: 'tasks' })
@Index('idx_tasks_assignee', ['assigneeId', 'status', 'dueAt', 'id'])
@Index('idx_tasks_remind', ['status', 'remindAt'])
@Index('idx_tasks_region', ['regionCode', 'status', 'dueAt', 'id'])
@Index('idx_tasks_city', ['cityCode', 'status', 'dueAt', 'id'])
// A unit's tasks by due date whatever their status (the list without a status filter).
@Index('idx_tasks_city_due', ['cityCode', 'dueAt', 'id'])
@Index('idx_tasks_region_due', ['regionCode', 'dueAt', 'id'])
@Index('idx_tasks_due', ['dueAt', 'id'])
@Index('idx_tasks_lead', ['leadId', 'id'])
@Index('uq_tasks_source_key', ['sourceKey'], { unique: true })
export class TaskEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'bigint', nullable: true })
  leadId: string | null;

  @ManyToOne(() => LeadEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lead_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_tasks_lead' })
  lead?: LeadEntity;

  @Column({ type: 'bigint', nullable: true })
  companyId: string | null;

  @Column({ type: 'bigint', nullable: true })
  visitId: string | null;

  @Column({ type: 'bigint' })
  assigneeId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'assignee_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_tasks_assignee' })
  assignee?: UserEntity;

  @Column({ type: 'char', length: 6 })
  regionCode: string;

  @Column({ type: 'char', length: 6, nullable: true })
  cityCode: string | null;

  @Column({ type: 'datetime', precision: 3 })
  dueAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  remindAt: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  remindedFor: Date | null;

  @Column({ type: 'varchar', length: 16 })
  status: TaskStatus;

  /** RFC 5545 RRULE (e.g. FREQ=MONTHLY;BYMONTHDAY=1): completing one occurrence opens the next. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  recurrence: string | null;

  @Column({ type: 'varchar', length: 16 })
  source: TaskSource;

  /** Names the event that made an automatic task (visit step, follow-up, stall episode), so it is made once. */
  @Column({ type: 'varchar', length: 120, nullable: true })
  sourceKey: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  completedAt: Date | null;

  @Column({ type: 'bigint', nullable: true })
  createdBy: string | null;

  @VersionColumn()
  version: number;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;
}

export const SLIP_STATUSES = ['open', 'answered'] as const;
export type SlipStatus = (typeof SLIP_STATUSES)[number];

/**
 * 督办单: a supervision slip opened when a lead turns red, sent to the managers of its holding unit and of the unit
 * above, to be answered by `dueAt` (the stall rules' slipDueDays); missed, it escalates one unit higher each period
 * like the linkage deadlines (docs/domain.md "Stall rules").
 */
@Entity({ name: 'supervision_slips' })
@Index('uq_supervision_slips_episode', ['leadId', 'episodeAt'], { unique: true })
@Index('idx_supervision_slips_region', ['regionCode', 'status', 'id'])
@Index('idx_supervision_slips_city', ['cityCode', 'status', 'id'])
// A unit's slips newest first whatever their status (the list without a status filter).
@Index('idx_supervision_slips_city_id', ['cityCode', 'id'])
@Index('idx_supervision_slips_region_id', ['regionCode', 'id'])
export class SupervisionSlipEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'bigint' })
  leadId: string;

  @ManyToOne(() => LeadEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lead_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_supervision_slips_lead' })
  lead?: LeadEntity;

  @Column({ type: 'char', length: 6 })
  regionCode: string;

  @Column({ type: 'char', length: 6, nullable: true })
  cityCode: string | null;

  /** The lead's last activity when the episode began: new activity ends it, and a later stall is a new slip. */
  @Column({ type: 'datetime', precision: 3 })
  episodeAt: Date;

  @Column({ type: 'varchar', length: 16 })
  stage: string;

  @Column({ type: 'varchar', length: 16 })
  status: SlipStatus;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  answer: string | null;

  @Column({ type: 'bigint', nullable: true })
  answeredBy: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  answeredAt: Date | null;

  /** Null for the slips opened before the stall rules had a due date. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  dueAt: Date | null;

  /** 0 on time; 1 once overdue (the unit above told); 2 one period later (one level higher). */
  @Column({ type: 'tinyint', unsigned: true, default: 0 })
  overdueLevel: number;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  overdueAt: Date | null;

  // The lead as a slip list names it (its title, or its code name outside the holding chain), copied when the slip
  // opens and kept in step by TasksLeadEffect: the list then reads no lead rows (issue 21's bench).
  @Column({ type: 'varchar', length: 200, nullable: true })
  leadTitle: string | null;

  @Column({ type: 'boolean', default: false })
  leadConfidential: boolean;

  @Column({ type: 'varchar', length: 64, nullable: true })
  leadCodeName: string | null;

  @Column({ type: 'char', length: 6, nullable: true })
  leadRegionCode: string | null;

  @Column({ type: 'char', length: 6, nullable: true })
  leadCityCode: string | null;

  @VersionColumn()
  version: number;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;
}
