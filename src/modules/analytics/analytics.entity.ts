import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { CreatedAtColumn, UpdatedAtColumn } from '../../core/database/timestamp-columns';
import type { TargetCategory, TargetMeasure } from '../../shared/target-measures';
import { AMOUNT_MEASURES, MEASURES } from './lead-contribution';

/**
 * One lead as analytics counts it: its credit unit and dimensions (filterable columns) and the dates and amounts
 * of its progress (`facts`, compact JSON). Rewritten in the transaction of every change to the lead; the roll-up
 * cells change by the difference between the old and the new row.
 */
@Entity({ name: 'analytics_lead_facts' })
@Index('idx_analytics_facts_region', ['regionCode', 'leadCreatedAt'])
@Index('idx_analytics_facts_city', ['cityCode', 'leadCreatedAt'])
@Index('idx_analytics_facts_chamber', ['chamberId', 'leadCreatedAt'])
@Index('idx_analytics_facts_team', ['teamId', 'leadCreatedAt'])
@Index('idx_analytics_facts_created', ['leadCreatedAt'])
export class AnalyticsLeadFactsEntity {
  @PrimaryColumn({ type: 'bigint' })
  leadId: string;

  @Column({ type: 'boolean' })
  credited: boolean;

  @Column({ type: 'char', length: 6 })
  regionCode: string;

  /** '' for a lead the region itself holds. */
  @Column({ type: 'varchar', length: 6 })
  cityCode: string;

  @Column({ type: 'varchar', length: 32 })
  clusterCode: string;

  @Column({ type: 'varchar', length: 16 })
  sourceKind: string;

  @Column({ type: 'varchar', length: 20 })
  ownership: string;

  /** 0 when none. */
  @Column({ type: 'bigint', default: 0 })
  chamberId: string;

  /** The resident team whose visit found the lead; 0 when none. */
  @Column({ type: 'bigint', default: 0 })
  teamId: string;

  @Column({ type: 'datetime', precision: 3 })
  leadCreatedAt: Date;

  /** The latest stage entry or receipt of funds: a period after it holds nothing of the lead's. */
  @Column({ type: 'datetime', precision: 3 })
  lastEventAt: Date;

  /** StoredFacts: stage entry times, resume, lost-from, amounts and funds by month. */
  @Column({ type: 'json' })
  facts: Record<string, unknown>;

  @UpdatedAtColumn()
  updatedAt: Date;
}

/**
 * A roll-up cell: the measures (counts, amounts in 1/10000 亿元, day histograms) of every credited lead in one
 * month and one combination of a pattern's dimensions; dimensions outside the pattern are blank. Changed only by
 * adding differences, in the transaction that changed a lead.
 */
@Entity({ name: 'analytics_cells' })
// The primary key serves the small patterns (a few thousand cells a year); these serve the filters of the wide ones.
@Index('idx_analytics_cells_unit', ['pattern', 'basis', 'regionCode', 'month'])
@Index('idx_analytics_cells_city', ['pattern', 'basis', 'cityCode', 'month'])
@Index('idx_analytics_cells_cluster', ['pattern', 'basis', 'clusterCode', 'month'])
@Index('idx_analytics_cells_source', ['pattern', 'basis', 'sourceKind', 'month'])
@Index('idx_analytics_cells_ownership', ['pattern', 'basis', 'ownership', 'month'])
@Index('idx_analytics_cells_chamber', ['pattern', 'basis', 'chamberId', 'month'])
@Index('idx_analytics_cells_team', ['pattern', 'basis', 'teamId', 'month'])
export class AnalyticsCellEntity {
  @PrimaryColumn({ type: 'tinyint', unsigned: true })
  pattern: number;

  /** 0 cohort (by the month leads were created), 1 flow (by the month things happened). */
  @PrimaryColumn({ type: 'tinyint', unsigned: true })
  basis: number;

  /** yyyymm, Asia/Shanghai. */
  @PrimaryColumn({ type: 'mediumint', unsigned: true })
  month: number;

  @PrimaryColumn({ type: 'varchar', length: 6 })
  regionCode: string;

  @PrimaryColumn({ type: 'varchar', length: 6 })
  cityCode: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  clusterCode: string;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  sourceKind: string;

  @PrimaryColumn({ type: 'varchar', length: 20 })
  ownership: string;

  @PrimaryColumn({ type: 'bigint' })
  chamberId: string;

  @PrimaryColumn({ type: 'bigint' })
  teamId: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  category: string;
}

// The measure columns follow MEASURES (counts as int, amounts as bigint units); declared from the list so the
// table, the writer and the readers cannot disagree on them.
for (const measure of MEASURES) {
  Column({ name: measure, type: AMOUNT_MEASURES.has(measure) ? 'bigint' : 'int', default: 0 })(
    AnalyticsCellEntity.prototype,
    measure,
  );
}

/**
 * A unit's target for a year, a project category ('all': every project) and what it measures (signings, starts,
 * projects under construction, 完成投资, 到资): how many and how much.
 */
@Entity({ name: 'targets' })
@Index('uq_targets_year_unit_category_measure', ['year', 'regionCode', 'category', 'measure'], { unique: true })
export class TargetEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'smallint', unsigned: true })
  year: number;

  @Column({ type: 'char', length: 6 })
  regionCode: string;

  @Column({ type: 'char', length: 6, nullable: true })
  cityCode: string | null;

  @Column({ type: 'varchar', length: 32 })
  category: TargetCategory;

  @Column({ type: 'varchar', length: 24 })
  measure: TargetMeasure;

  @Column({ type: 'int', unsigned: true, nullable: true })
  targetCount: number | null;

  /** 亿元 */
  @Column({ type: 'decimal', precision: 12, scale: 4, nullable: true })
  targetAmount: string | null;

  @Column({ type: 'bigint', nullable: true })
  updatedBy: string | null;

  @VersionColumn()
  version: number;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;
}

/**
 * The analytics bookkeeping (one row): whether a rebuild from scratch has wiped the roll-ups and not yet finished,
 * so a worker that starts after a crash runs it again.
 */
@Entity({ name: 'analytics_state' })
export class AnalyticsStateEntity {
  @PrimaryColumn({ type: 'tinyint', unsigned: true })
  id: number;

  @Column({ type: 'boolean', default: false })
  wipePending: boolean;

  @UpdatedAtColumn()
  updatedAt: Date;
}

/** A quarterly bulletin (季度通报) as built and sent: what managers received stays what they received. */
@Entity({ name: 'quarterly_reports' })
@Index('uq_quarterly_reports_unit', ['year', 'quarter', 'regionCode'], { unique: true })
export class QuarterlyReportEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'smallint', unsigned: true })
  year: number;

  @Column({ type: 'tinyint', unsigned: true })
  quarter: number;

  @Column({ type: 'char', length: 6 })
  regionCode: string;

  @Column({ type: 'char', length: 6, nullable: true })
  cityCode: string | null;

  @Column({ type: 'json' })
  data: Record<string, unknown>;

  @CreatedAtColumn()
  createdAt: Date;
}
