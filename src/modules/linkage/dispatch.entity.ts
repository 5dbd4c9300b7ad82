import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { CreatedAtColumn, UpdatedAtColumn } from '../../core/database/timestamp-columns';
import { LeadEntity } from '../leads/lead.entity';
import type { DispatchDirection, DispatchStatus } from '../../shared/linkage.constants';

/** A lead sent from its holding unit to another unit, which accepts it (and holds it) or returns it with a reason. */
@Entity({ name: 'lead_dispatches' })
@Index('idx_lead_dispatches_lead', ['leadId', 'id'])
@Index('idx_lead_dispatches_inbox', ['toRegionCode', 'status', 'dueAt', 'id'])
@Index('idx_lead_dispatches_outbox', ['fromRegionCode', 'status', 'id'])
@Index('idx_lead_dispatches_to_city', ['toCityCode', 'status', 'dueAt', 'id'])
export class DispatchEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'bigint' })
  leadId: string;

  @ManyToOne(() => LeadEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lead_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_lead_dispatches_lead' })
  lead?: LeadEntity;

  @Column({ type: 'char', length: 6 })
  fromRegionCode: string;

  @Column({ type: 'char', length: 6, nullable: true })
  fromCityCode: string | null;

  @Column({ type: 'char', length: 6 })
  toRegionCode: string;

  @Column({ type: 'char', length: 6, nullable: true })
  toCityCode: string | null;

  @Column({ type: 'varchar', length: 8 })
  direction: DispatchDirection;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  note: string | null;

  /** Why it goes up (required for a dispatch to the parent). */
  @Column({ type: 'varchar', length: 500, nullable: true })
  reason: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: DispatchStatus;

  @Column({ type: 'datetime', precision: 3 })
  dueAt: Date;

  /** 0 on time; 1 once overdue (the receiver's parent told); 2 when it passed one more period (one level higher). */
  @Column({ type: 'tinyint', unsigned: true, default: 0 })
  overdueLevel: number;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  overdueAt: Date | null;

  @Column({ type: 'bigint', nullable: true })
  sentBy: string | null;

  @Column({ type: 'bigint', nullable: true })
  respondedBy: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  respondedAt: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  returnReason: string | null;

  @VersionColumn()
  version: number;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;
}
