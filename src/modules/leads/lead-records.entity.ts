import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  VersionColumn,
} from 'typeorm';
import { CreatedAtColumn, UpdatedAtColumn } from '../../core/database/timestamp-columns';
import { LeadEntity } from './lead.entity';
import type { InvestmentSource } from '../../shared/lead.constants';
import type { Stage } from '../../shared/lead-stages';
import type { EventConfirmation } from '../../shared/signing-confirmation';

/**
 * SQL: whether the stage event `alias` counts (甄别确认): entries that needed no confirmation, came before it
 * existed, or were confirmed; never a claim still waiting or sent back.
 */
export const countedStageEntry = (alias: string): string =>
  `(${alias}.confirmation IS NULL OR ${alias}.confirmation = 'confirmed')`;

/**
 * One stage entry of a lead: the source of funnels and time-in-stage. The unit and cluster at the time are
 * copied, so history does not move when the lead does.
 */
@Entity({ name: 'stage_events' })
@Index('idx_stage_events_lead', ['leadId', 'at', 'id'])
@Index('idx_stage_events_to_at', ['toStage', 'at'])
@Index('idx_stage_events_claim', ['claimId'])
export class StageEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'bigint' })
  leadId: string;

  @ManyToOne(() => LeadEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lead_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_stage_events_lead' })
  lead?: LeadEntity;

  @Column({ type: 'varchar', length: 16, nullable: true })
  fromStage: Stage | null;

  @Column({ type: 'varchar', length: 16 })
  toStage: Stage;

  @Column({ type: 'datetime', precision: 3 })
  at: Date;

  @Column({ type: 'bigint', nullable: true })
  userId: string | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  note: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  reason: string | null;

  @Column({ type: 'char', length: 6 })
  regionCode: string;

  @Column({ type: 'char', length: 6, nullable: true })
  cityCode: string | null;

  @Column({ type: 'varchar', length: 32 })
  clusterCode: string;

  /** The claim an entry into 签约 / 开工 / 投产 is part of (甄别确认), and where it stands: only confirmed ones count. */
  @Column({ type: 'bigint', nullable: true })
  claimId: string | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  confirmation: EventConfirmation;

  @CreatedAtColumn()
  createdAt: Date;
}

/** A free-text note on a lead. */
@Entity({ name: 'lead_notes' })
@Index('idx_lead_notes_lead', ['leadId', 'createdAt', 'id'])
export class LeadNoteEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'bigint' })
  leadId: string;

  @ManyToOne(() => LeadEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lead_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_lead_notes_lead' })
  lead?: LeadEntity;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'bigint', nullable: true })
  userId: string | null;

  @CreatedAtColumn()
  createdAt: Date;
}

/** Funds actually received (到资) for a signed project. */
@Entity({ name: 'lead_funds' })
@Index('idx_lead_funds_lead', ['leadId', 'receivedAt', 'id'])
export class LeadFundEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'bigint' })
  leadId: string;

  @ManyToOne(() => LeadEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lead_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_lead_funds_lead' })
  lead?: LeadEntity;

  /** 亿元 */
  @Column({ type: 'decimal', precision: 12, scale: 4 })
  amount: string;

  @Column({ type: 'datetime', precision: 3 })
  receivedAt: Date;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  @Column({ type: 'bigint', nullable: true })
  userId: string | null;

  @CreatedAtColumn()
  createdAt: Date;
}

/**
 * 完成投资: the investment a project under construction completed in one month, as its source reported it (the
 * statistics office's monthly return, the company, an on-site check). One figure per lead and month; a correction
 * replaces it (the audit keeps the old one).
 */
@Entity({ name: 'lead_investments' })
@Index('uq_lead_investments_lead_month', ['leadId', 'month'], { unique: true })
export class LeadInvestmentEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'bigint' })
  leadId: string;

  @ManyToOne(() => LeadEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lead_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_lead_investments_lead' })
  lead?: LeadEntity;

  /** yyyymm, the month the investment was completed in. */
  @Column({ type: 'mediumint', unsigned: true })
  month: number;

  /** 亿元 */
  @Column({ type: 'decimal', precision: 12, scale: 4 })
  amount: string;

  @Column({ type: 'varchar', length: 16 })
  source: InvestmentSource;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  @Column({ type: 'bigint', nullable: true })
  userId: string | null;

  @VersionColumn()
  version: number;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;
}

export const PARTICIPANT_ROLES = ['collaborator', 'sender', 'receiver'] as const;
/** collaborator: co-handles (notes, visits); sender: dispatched it on and keeps read access; receiver: a pending dispatch. */
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

/** A unit besides the holder that may see a lead, and why. Read by every lead query of the units concerned. */
@Entity({ name: 'lead_participants' })
@Index('idx_lead_participants_region', ['regionCode', 'leadId'])
@Index('idx_lead_participants_city', ['cityCode', 'leadId'])
export class LeadParticipantEntity {
  @PrimaryColumn({ type: 'bigint' })
  leadId: string;

  @PrimaryColumn({ type: 'char', length: 6 })
  regionCode: string;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  role: ParticipantRole;

  @ManyToOne(() => LeadEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lead_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_lead_participants_lead' })
  lead?: LeadEntity;

  @Column({ type: 'char', length: 6, nullable: true })
  cityCode: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  @Column({ type: 'bigint', nullable: true })
  addedBy: string | null;

  @CreatedAtColumn()
  createdAt: Date;
}

/** What happened to a lead between units (dispatches, escalations, collaborators, conflicts), for its timeline. */
@Entity({ name: 'lead_linkage_events' })
@Index('idx_lead_linkage_events_lead', ['leadId', 'at', 'id'])
export class LeadLinkageEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'bigint' })
  leadId: string;

  @ManyToOne(() => LeadEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lead_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_lead_linkage_events_lead' })
  lead?: LeadEntity;

  /** dispatched, accepted, returned, withdrawn, collaborator_added, escalated, escalation_answered, overdue, conflict_opened, ... */
  @Column({ type: 'varchar', length: 32 })
  kind: string;

  @Column({ type: 'datetime', precision: 3 })
  at: Date;

  /** Null for the system (a deadline passing). */
  @Column({ type: 'bigint', nullable: true })
  userId: string | null;

  @Column({ type: 'json' })
  data: Record<string, unknown>;
}
