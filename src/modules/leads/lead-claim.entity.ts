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
import type { Stage } from '../../shared/lead-stages';
import type { ClaimedStage, ClaimStatus, ConfirmationRequirement } from '../../shared/signing-confirmation';
import { LeadEntity } from './lead.entity';

/**
 * 甄别确认 (docs/domain.md "Signing confirmation"): the holder's claim that a project signed, started building or
 * started production, made by the move itself; counted once the unit above confirms it. The holder's unit is
 * copied (jurisdiction), and the confirming unit beside it (the inbox of its managers).
 */
@Entity({ name: 'lead_claims' })
@Index('idx_lead_claims_lead', ['leadId', 'id'])
@Index('idx_lead_claims_confirmer', ['confirmerRegionCode', 'status', 'id'])
@Index('idx_lead_claims_region', ['regionCode', 'status', 'id'])
@Index('idx_lead_claims_city', ['cityCode', 'status', 'id'])
export class LeadClaimEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'bigint' })
  leadId: string;

  @ManyToOne(() => LeadEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lead_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_lead_claims_lead' })
  lead?: LeadEntity;

  /** The holding unit when the claim was made. */
  @Column({ type: 'char', length: 6 })
  regionCode: string;

  @Column({ type: 'char', length: 6, nullable: true })
  cityCode: string | null;

  /** The unit whose managers rule: the holder's parent (the region for its own projects). */
  @Column({ type: 'char', length: 6 })
  confirmerRegionCode: string;

  /** Where the lead was before the move: a claim sent back returns it there. */
  @Column({ type: 'varchar', length: 16 })
  fromStage: Stage;

  /** The claimed stages the move entered, in order (negotiating → construction claims signed and construction). */
  @Column({ type: 'json' })
  stages: ClaimedStage[];

  @Column({ type: 'varchar', length: 12 })
  status: ClaimStatus;

  @Column({ type: 'bigint', nullable: true })
  claimedBy: string | null;

  @Column({ type: 'datetime', precision: 3 })
  claimedAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  dueAt: Date | null;

  @Column({ type: 'bigint', nullable: true })
  ruledBy: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  ruledAt: Date | null;

  /** The confirmer's note, or why it was sent back. */
  @Column({ type: 'varchar', length: 1000, nullable: true })
  ruling: string | null;

  /** Recorded as confirmed when 甄别确认 was introduced (the project was signed before). */
  @Column({ type: 'boolean', default: false })
  migrated: boolean;

  @Column({ type: 'tinyint', unsigned: true, default: 0 })
  overdueLevel: number;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  overdueAt: Date | null;

  @VersionColumn()
  version: number;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;
}

/** What a claimed stage must show before it can be confirmed, as the administrators set it (defaults otherwise). */
@Entity({ name: 'confirmation_rules' })
export class ConfirmationRuleEntity {
  @PrimaryColumn({ type: 'varchar', length: 16 })
  stage: ClaimedStage;

  @Column({ type: 'json' })
  requirements: ConfirmationRequirement[];

  @Column({ type: 'bigint', nullable: true })
  updatedBy: string | null;

  @VersionColumn()
  version: number;

  @UpdatedAtColumn()
  updatedAt: Date;
}
