import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CreatedAtColumn } from '../../core/database/timestamp-columns';
import type { StallRule } from '../../shared/stall-rules';

/**
 * One version of the 三色预警 rules (docs/domain.md "Stall rules"). A saved change is a new row; the highest version
 * is in force, and the rows before it say what was in force when (with who set it and why).
 */
@Entity({ name: 'stall_rule_versions' })
export class StallRuleVersionEntity {
  @PrimaryColumn({ type: 'int' })
  version: number;

  @Column({ name: 'tier_a_min_yi', type: 'decimal', precision: 12, scale: 4 })
  tierAMinYi: string;

  @Column({ name: 'tier_b_min_yi', type: 'decimal', precision: 12, scale: 4 })
  tierBMinYi: string;

  @Column({ type: 'tinyint', unsigned: true })
  slipDueDays: number;

  @Column({ type: 'json' })
  rules: StallRule[];

  @Column({ type: 'varchar', length: 300, nullable: true })
  note: string | null;

  /** Null for the version the migration wrote from STALL_YELLOW_DAYS. */
  @Column({ type: 'bigint', nullable: true })
  createdBy: string | null;

  @CreatedAtColumn()
  createdAt: Date;
}
