import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { CreatedAtColumn, UpdatedAtColumn } from '../../core/database/timestamp-columns';
import { LeadEntity } from '../leads/lead.entity';
import type { EscalationNeed, EscalationStatus } from '../../shared/linkage.constants';

/** A request from a lead's holding unit for what it cannot grant itself, answered by the managers above it. */
@Entity({ name: 'lead_escalations' })
@Index('idx_lead_escalations_lead', ['leadId', 'id'])
@Index('idx_lead_escalations_inbox', ['toRegionCode', 'status', 'dueAt', 'id'])
@Index('idx_lead_escalations_outbox', ['fromRegionCode', 'status', 'id'])
@Index('idx_lead_escalations_to_city', ['toCityCode', 'status', 'dueAt', 'id'])
export class EscalationEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'bigint' })
  leadId: string;

  @ManyToOne(() => LeadEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lead_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_lead_escalations_lead' })
  lead?: LeadEntity;

  @Column({ type: 'varchar', length: 32 })
  need: EscalationNeed;

  @Column({ type: 'varchar', length: 2000 })
  detail: string;

  /** The unit that asked (the lead's holder then). */
  @Column({ type: 'char', length: 6 })
  fromRegionCode: string;

  @Column({ type: 'char', length: 6, nullable: true })
  fromCityCode: string | null;

  /** The unit that must answer now: the asker's parent, one level higher per forward. */
  @Column({ type: 'char', length: 6 })
  toRegionCode: string;

  @Column({ type: 'char', length: 6, nullable: true })
  toCityCode: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: EscalationStatus;

  /** How many times it was passed one level up; deadlines of each round are kept apart by it. */
  @Column({ type: 'tinyint', unsigned: true, default: 0 })
  forwardCount: number;

  @Column({ type: 'datetime', precision: 3 })
  dueAt: Date;

  @Column({ type: 'tinyint', unsigned: true, default: 0 })
  overdueLevel: number;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  overdueAt: Date | null;

  @Column({ type: 'bigint', nullable: true })
  raisedBy: string | null;

  @Column({ type: 'bigint', nullable: true })
  answeredBy: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  answeredAt: Date | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  answerNote: string | null;

  @VersionColumn()
  version: number;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;
}
