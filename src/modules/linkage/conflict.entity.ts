import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { CreatedAtColumn, UpdatedAtColumn } from '../../core/database/timestamp-columns';
import { CompanyEntity } from '../companies/company.entity';
import { LeadEntity } from '../leads/lead.entity';
import type { SimilarityReason } from '../../shared/company-similarity';
import type { ConflictOutcome, ConflictStatus } from '../../shared/linkage.constants';

/**
 * 撞单: two units' open leads for the same company. "first" is the earlier registration (首报), kept with its
 * time; the arbiter is the lowest unit above both, which resolves it.
 */
@Entity({ name: 'lead_conflicts' })
@Index('uq_lead_conflicts_pair', ['firstLeadId', 'secondLeadId'], { unique: true })
@Index('idx_lead_conflicts_second', ['secondLeadId'])
@Index('idx_lead_conflicts_status', ['status', 'id'])
@Index('idx_lead_conflicts_arbiter_city', ['arbiterCityCode', 'status', 'id'])
@Index('idx_lead_conflicts_first_region', ['firstRegionCode', 'status', 'id'])
@Index('idx_lead_conflicts_second_region', ['secondRegionCode', 'status', 'id'])
export class ConflictEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'bigint' })
  companyId: string;

  @ManyToOne(() => CompanyEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'company_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_lead_conflicts_company' })
  company?: CompanyEntity;

  /** The second lead's company when it is another one (a similar name, a group relation); null for the same. */
  @Column({ type: 'bigint', nullable: true })
  secondCompanyId: string | null;

  @ManyToOne(() => CompanyEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'second_company_id',
    referencedColumnName: 'id',
    foreignKeyConstraintName: 'fk_lead_conflicts_second_company',
  })
  secondCompany?: CompanyEntity;

  /** How alike the two companies are (1 for the same one), and why (companySimilarity's reasons). */
  @Column({ type: 'decimal', precision: 4, scale: 3, default: 1 })
  similarity: string;

  @Column({ type: 'json', nullable: true })
  reasons: SimilarityReason[] | null;

  @Column({ type: 'bigint' })
  firstLeadId: string;

  @ManyToOne(() => LeadEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'first_lead_id',
    referencedColumnName: 'id',
    foreignKeyConstraintName: 'fk_lead_conflicts_first',
  })
  firstLead?: LeadEntity;

  @Column({ type: 'datetime', precision: 3 })
  firstRegisteredAt: Date;

  @Column({ type: 'char', length: 6 })
  firstRegionCode: string;

  @Column({ type: 'char', length: 6, nullable: true })
  firstCityCode: string | null;

  @Column({ type: 'bigint' })
  secondLeadId: string;

  @ManyToOne(() => LeadEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'second_lead_id',
    referencedColumnName: 'id',
    foreignKeyConstraintName: 'fk_lead_conflicts_second',
  })
  secondLead?: LeadEntity;

  @Column({ type: 'datetime', precision: 3 })
  secondRegisteredAt: Date;

  @Column({ type: 'char', length: 6 })
  secondRegionCode: string;

  @Column({ type: 'char', length: 6, nullable: true })
  secondCityCode: string | null;

  @Column({ type: 'char', length: 6 })
  arbiterRegionCode: string;

  @Column({ type: 'char', length: 6, nullable: true })
  arbiterCityCode: string | null;

  /** How it was found: a lead created, imported, or a dispatch accepted. */
  @Column({ type: 'varchar', length: 16 })
  detectedOn: string;

  @Column({ type: 'varchar', length: 16 })
  status: ConflictStatus;

  @Column({ type: 'bigint', nullable: true })
  winnerLeadId: string | null;

  @Column({ type: 'varchar', length: 24, nullable: true })
  outcome: ConflictOutcome | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  note: string | null;

  @Column({ type: 'bigint', nullable: true })
  resolvedBy: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  resolvedAt: Date | null;

  @VersionColumn()
  version: number;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;
}
