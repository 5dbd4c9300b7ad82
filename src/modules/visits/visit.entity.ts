import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { CreatedAtColumn, UpdatedAtColumn } from '../../core/database/timestamp-columns';
import { ChamberEntity } from '../chambers/chamber.entity';
import { CompanyEntity } from '../companies/company.entity';
import { LeadEntity } from '../leads/lead.entity';
import { TeamEntity } from '../teams/team.entity';

export const VISIT_KINDS = ['company', 'chamber', 'government', 'exhibition', 'other'] as const;
export type VisitKind = (typeof VISIT_KINDS)[number];
export const VISIT_STATUSES = ['planned', 'done', 'cancelled'] as const;
export type VisitStatus = (typeof VISIT_STATUSES)[number];
export const INTENT_LEVELS = ['none', 'low', 'medium', 'high'] as const;
export type IntentLevel = (typeof INTENT_LEVELS)[number];

export interface VisitIntelligence {
  intentLevel: IntentLevel;
  expansionPlan?: string;
  expectedInvestment?: number;
  landNeedMu?: number;
  factoryNeedSqm?: number;
  timeframe?: string;
}

export interface VisitNextStep {
  title: string;
  dueAt: string;
  assigneeId: string;
}

/** A visit a team made or plans: to a company, a chamber, a government, an exhibition. Held by the team's unit. */
@Entity({ name: 'visits' })
@Index('idx_visits_company', ['companyId', 'visitedAt'])
@Index('idx_visits_team', ['teamId', 'visitedAt', 'id'])
@Index('idx_visits_city', ['cityCode', 'visitedAt', 'id'])
@Index('idx_visits_region', ['regionCode', 'visitedAt', 'id'])
@Index('idx_visits_visited', ['visitedAt', 'id'])
@Index('idx_visits_intent', ['intentLevel', 'visitedAt', 'id'])
@Index('uq_visits_idempotency', ['createdBy', 'idempotencyKey'], { unique: true })
export class VisitEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'bigint' })
  teamId: string;

  @ManyToOne(() => TeamEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'team_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_visits_team' })
  team?: TeamEntity;

  @Column({ type: 'varchar', length: 16 })
  status: VisitStatus;

  @Column({ type: 'datetime', precision: 3 })
  visitedAt: Date;

  @Column({ type: 'varchar', length: 16 })
  kind: VisitKind;

  @Column({ type: 'bigint', nullable: true })
  companyId: string | null;

  @ManyToOne(() => CompanyEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'company_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_visits_company' })
  company?: CompanyEntity;

  @Column({ type: 'bigint', nullable: true })
  chamberId: string | null;

  @ManyToOne(() => ChamberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'chamber_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_visits_chamber' })
  chamber?: ChamberEntity;

  @Column({ type: 'varchar', length: 200, nullable: true })
  location: string | null;

  @Column({ type: 'json' })
  ourAttendees: string[];

  @Column({ type: 'json' })
  theirAttendees: Array<{ name: string; title?: string }>;

  @Column({ type: 'text', nullable: true })
  summary: string | null;

  /** Copied out of the intelligence so the feed and summaries filter through an index. */
  @Column({ type: 'varchar', length: 8, nullable: true })
  intentLevel: IntentLevel | null;

  @Column({ type: 'json', nullable: true })
  intelligence: VisitIntelligence | null;

  /** Follow-ups agreed on the visit; they become tasks once the reminders module lands. */
  @Column({ type: 'json' })
  nextSteps: VisitNextStep[];

  @Column({ type: 'bigint', nullable: true })
  leadId: string | null;

  @ManyToOne(() => LeadEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'lead_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_visits_lead' })
  lead?: LeadEntity;

  /** The team's unit, for jurisdiction. */
  @Column({ type: 'char', length: 6 })
  regionCode: string;

  @Column({ type: 'char', length: 6, nullable: true })
  cityCode: string | null;

  /** Idempotency-Key of the POST that logged it: a retry returns this visit instead of a second one. */
  // Binary collation: keys differing only in case are different keys.
  @Column({ type: 'varchar', length: 128, nullable: true, charset: 'utf8mb4', collation: 'utf8mb4_bin' })
  idempotencyKey: string | null;

  @Column({ type: 'char', length: 64, nullable: true })
  requestHash: string | null;

  @Column({ type: 'bigint' })
  createdBy: string;

  @VersionColumn()
  version: number;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;
}
