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
import { ChamberEntity } from '../chambers/chamber.entity';
import { ClusterEntity } from '../clusters/cluster.entity';
import { CompanyEntity } from '../companies/company.entity';
import type { Ownership } from '../../shared/company.constants';
import { RegionEntity } from '../regions/region.entity';
import { UserEntity } from '../users/user.entity';
import type { LeadCategory, SourceKind } from '../../shared/lead.constants';
import type { PipelineStage, Stage } from '../../shared/lead-stages';

/**
 * An investment project (招商项目) for one company, held by one unit. Indexes follow the list's filters, each
 * led by the jurisdiction column it is combined with, and ending in the sort keys.
 */
@Entity({ name: 'leads' })
@Index('idx_leads_city_updated', ['cityCode', 'updatedAt', 'id'])
@Index('idx_leads_region_updated', ['regionCode', 'updatedAt', 'id'])
@Index('idx_leads_updated', ['updatedAt', 'id'])
@Index('idx_leads_stage_updated', ['stage', 'updatedAt', 'id'])
@Index('idx_leads_cluster_updated', ['clusterCode', 'updatedAt', 'id'])
@Index('idx_leads_owner_updated', ['ownerUserId', 'updatedAt', 'id'])
@Index('idx_leads_source_updated', ['sourceKind', 'updatedAt', 'id'])
@Index('idx_leads_chamber', ['sourceChamberId', 'id'])
@Index('idx_leads_company', ['companyId', 'id'])
@Index('idx_leads_ownership_updated', ['ownership', 'updatedAt', 'id'])
@Index('idx_leads_investment', ['expectedInvestment', 'id'])
@Index('idx_leads_follow_up', ['nextFollowUpAt', 'id'])
@Index('idx_leads_activity', ['lastActivityAt', 'id'])
@Index('idx_leads_stage_activity', ['stage', 'lastActivityAt'])
@Index('idx_leads_created_by', ['createdBy', 'id'])
@Index('idx_leads_source_visit', ['sourceVisitId'])
export class LeadEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'bigint' })
  companyId: string;

  @ManyToOne(() => CompanyEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'company_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_leads_company' })
  company?: CompanyEntity;

  /** The company's ownership, copied so the list filters on it without a join. */
  @Column({ type: 'varchar', length: 20 })
  ownership: Ownership;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'varchar', length: 32 })
  clusterCode: string;

  @ManyToOne(() => ClusterEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'cluster_code', referencedColumnName: 'code', foreignKeyConstraintName: 'fk_leads_cluster' })
  cluster?: ClusterEntity;

  @Column({ type: 'varchar', length: 64, nullable: true })
  segmentCode: string | null;

  @Column({ type: 'varchar', length: 16 })
  sourceKind: SourceKind;

  @Column({ type: 'bigint', nullable: true })
  sourceChamberId: string | null;

  @ManyToOne(() => ChamberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'source_chamber_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_leads_chamber' })
  sourceChamber?: ChamberEntity;

  /** The visit that found the lead. */
  @Column({ type: 'bigint', nullable: true })
  sourceVisitId: string | null;

  @ManyToOne('VisitEntity', { onDelete: 'SET NULL', createForeignKeyConstraints: true })
  @JoinColumn({
    name: 'source_visit_id',
    referencedColumnName: 'id',
    foreignKeyConstraintName: 'fk_leads_source_visit',
  })
  sourceVisit?: unknown;

  @Column({ type: 'varchar', length: 500, nullable: true })
  sourceNote: string | null;

  /** 亿元 */
  @Column({ type: 'decimal', precision: 12, scale: 4, nullable: true })
  expectedInvestment: string | null;

  @Column({ type: 'decimal', precision: 12, scale: 2, nullable: true })
  landNeedMu: string | null;

  @Column({ type: 'decimal', precision: 14, scale: 2, nullable: true })
  factoryNeedSqm: string | null;

  @Column({ type: 'json' })
  categories: LeadCategory[];

  /** The holding unit. */
  @Column({ type: 'char', length: 6 })
  regionCode: string;

  @ManyToOne(() => RegionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_code', referencedColumnName: 'code', foreignKeyConstraintName: 'fk_leads_region' })
  region?: RegionEntity;

  @Column({ type: 'char', length: 6, nullable: true })
  cityCode: string | null;

  @Column({ type: 'bigint', nullable: true })
  ownerUserId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'owner_user_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_leads_owner' })
  owner?: UserEntity;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  nextFollowUpAt: Date | null;

  @Column({ type: 'boolean', default: false })
  confidential: boolean;

  @Column({ type: 'varchar', length: 64, nullable: true })
  codeName: string | null;

  @Column({ type: 'varchar', length: 16 })
  stage: Stage;

  /** Where an on_hold lead left the pipeline, so it resumes there. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  stageBeforeHold: PipelineStage | null;

  @Column({ type: 'datetime', precision: 3 })
  stageEnteredAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  siteVisitAt: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  signedAt: Date | null;

  /** 签约投资额, 亿元 */
  @Column({ type: 'decimal', precision: 12, scale: 4, nullable: true })
  signedAmount: string | null;

  /** The park it signs into (parks gain their API later; until then a name may stand in). */
  @Column({ type: 'bigint', nullable: true })
  parkId: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  parkName: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  constructionStartedAt: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  producedAt: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  lostReason: string | null;

  /** An introducing chamber is told the outcome within 7 days of the lead's creation (docs/domain.md "Companies and leads"). */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  chamberFeedbackDueAt: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  chamberFeedbackGivenAt: Date | null;

  /** 到资: the sum of the funds rows, 亿元. */
  @Column({ type: 'decimal', precision: 14, scale: 4, default: 0 })
  fundsReceivedTotal: string;

  /** 完成投资: the sum of the investment-completed rows (one per month), 亿元. */
  @Column({ type: 'decimal', precision: 14, scale: 4, default: 0 })
  investmentCompletedTotal: string;

  /**
   * The same rows as yyyymm → 亿元, written with them: analytics reads the lead's figures from its own row, since a
   * locking read of another lead's months would gap-lock the index its neighbours insert into.
   */
  @Column({ type: 'json', nullable: true })
  investmentByMonth: Record<string, string> | null;

  /** The dispatch waiting for the receiver's answer: one at a time ("pending acceptance"). */
  @Column({ type: 'bigint', nullable: true })
  pendingDispatchId: string | null;

  /** The claim (甄别确认) waiting for the unit above: the lead shows 待确认 and makes no other move until it is ruled. */
  @Column({ type: 'bigint', nullable: true })
  pendingClaimId: string | null;

  /** Part of an open 撞单 conflict with another unit's lead for the same company. */
  @Column({ type: 'boolean', default: false })
  inConflict: boolean;

  /**
   * Set when a conflict ruling closed this lead in favour of another: the project is counted once, on the
   * winner, in every total (one credit per project).
   */
  @Column({ type: 'bigint', nullable: true })
  mergedIntoLeadId: string | null;

  /** The best park match score in the holding unit's jurisdiction (0..100), kept fresh as the lead changes. */
  @Column({ type: 'decimal', precision: 4, scale: 1, nullable: true })
  fitScore: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  fitSummary: string | null;

  /** The stall episode already acted on (the lastActivityAt it began from) and how far: 1 yellow, 2 red. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  stallEpisodeAt: Date | null;

  @Column({ type: 'tinyint', unsigned: true, default: 0 })
  stallLevel: number;

  @Column({ type: 'bigint', nullable: true })
  createdBy: string | null;

  @VersionColumn()
  version: number;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  lastActivityAt: Date;
}

/** One category of a lead, so the list filters on categories through an index. */
@Entity({ name: 'lead_categories' })
@Index('idx_lead_categories_category', ['category', 'leadId'])
export class LeadCategoryEntity {
  @PrimaryColumn({ type: 'bigint' })
  leadId: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  category: LeadCategory;

  @ManyToOne(() => LeadEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lead_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_lead_categories_lead' })
  lead?: LeadEntity;
}
