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
import { ClusterSegmentEntity } from '../clusters/cluster-segment.entity';
import { ClusterEntity } from '../clusters/cluster.entity';
import { RegionEntity } from '../regions/region.entity';
import type { CompanyAliasKind, CompanyFlag, CompanyRelation, Ownership } from '../../shared/company.constants';

export interface CompanyContact {
  name: string;
  title?: string;
  phone?: string;
  email?: string;
}

/** A company met through chambers, associations or visits. Shared reference data: any officer sees it. */
@Entity({ name: 'companies' })
@Index('uq_companies_credit_code', ['creditCode'], { unique: true })
@Index('idx_companies_name', ['name'])
@Index('idx_companies_name_normalised', ['nameNormalised'])
@Index('idx_companies_name_pinyin', ['namePinyin'])
@Index('idx_companies_name_initials', ['nameInitials'])
@Index('idx_companies_name_core', ['nameCore'])
@Index('idx_companies_parent', ['parentCompanyId'])
export class CompanyEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'varchar', length: 128 })
  name: string;

  /** normaliseCompanyName(name): what duplicate detection compares. */
  @Column({ type: 'varchar', length: 128 })
  nameNormalised: string;

  /** companyNameCore(name): the 字号 撞单 by similarity compares (docs/domain.md "撞单 by similarity"). */
  @Column({ type: 'varchar', length: 128, default: '' })
  nameCore: string;

  @Column({ type: 'varchar', length: 500 })
  namePinyin: string;

  @Column({ type: 'varchar', length: 100 })
  nameInitials: string;

  @Column({ type: 'char', length: 18, nullable: true })
  creditCode: string | null;

  @Column({ type: 'varchar', length: 20 })
  ownership: Ownership;

  @Column({ type: 'char', length: 6, nullable: true })
  originRegionCode: string | null;

  @ManyToOne(() => RegionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'origin_region_code',
    referencedColumnName: 'code',
    foreignKeyConstraintName: 'fk_companies_origin_region',
  })
  originRegion?: RegionEntity;

  @Column({ type: 'varchar', length: 32, nullable: true })
  clusterCode: string | null;

  @ManyToOne(() => ClusterEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'cluster_code', referencedColumnName: 'code', foreignKeyConstraintName: 'fk_companies_cluster' })
  cluster?: ClusterEntity;

  @Column({ type: 'varchar', length: 64, nullable: true })
  segmentCode: string | null;

  @ManyToOne(() => ClusterSegmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'segment_code', referencedColumnName: 'code', foreignKeyConstraintName: 'fk_companies_segment' })
  segment?: ClusterSegmentEntity;

  @Column({ type: 'json' })
  flags: CompanyFlag[];

  /** 亿元 */
  @Column({ type: 'decimal', precision: 14, scale: 4, nullable: true })
  annualRevenue: string | null;

  @Column({ type: 'int', nullable: true })
  employees: number | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  website: string | null;

  @Column({ type: 'json' })
  contacts: CompanyContact[];

  /** The group company above this one; its subsidiaries and branches are 撞单 candidates of each other. */
  @Column({ type: 'bigint', nullable: true })
  parentCompanyId: string | null;

  @ManyToOne(() => CompanyEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'parent_company_id',
    referencedColumnName: 'id',
    foreignKeyConstraintName: 'fk_companies_parent',
  })
  parentCompany?: CompanyEntity;

  @Column({ type: 'varchar', length: 16, nullable: true })
  parentRelation: CompanyRelation | null;

  @Column({ type: 'bigint', nullable: true })
  createdBy: string | null;

  @VersionColumn()
  version: number;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;
}

/** One flag of a company, so leads can be filtered by flag through an index. */
@Entity({ name: 'company_flags' })
@Index('idx_company_flags_flag', ['flag', 'companyId'])
export class CompanyFlagEntity {
  @PrimaryColumn({ type: 'bigint' })
  companyId: string;

  @PrimaryColumn({ type: 'varchar', length: 24 })
  flag: CompanyFlag;

  @ManyToOne(() => CompanyEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'company_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_company_flags_company' })
  company?: CompanyEntity;
}

/** A short name or former name (简称, 曾用名) of a company, with its 字号 so 撞单 candidates are found by an index. */
@Entity({ name: 'company_aliases' })
@Index('uq_company_aliases_name', ['companyId', 'name'], { unique: true })
@Index('idx_company_aliases_core', ['nameCore'])
export class CompanyAliasEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'bigint' })
  companyId: string;

  @ManyToOne(() => CompanyEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'company_id',
    referencedColumnName: 'id',
    foreignKeyConstraintName: 'fk_company_aliases_company',
  })
  company?: CompanyEntity;

  @Column({ type: 'varchar', length: 128 })
  name: string;

  @Column({ type: 'varchar', length: 128 })
  nameCore: string;

  @Column({ type: 'varchar', length: 16 })
  kind: CompanyAliasKind;

  @CreatedAtColumn()
  createdAt: Date;
}
