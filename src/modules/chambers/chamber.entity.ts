import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { CreatedAtColumn, UpdatedAtColumn } from '../../core/database/timestamp-columns';
import type { CompanyContact } from '../companies/company.entity';
import { RegionEntity } from '../regions/region.entity';

export const CHAMBER_KINDS = ['chamber', 'association', 'guangxi_chamber'] as const;
export type ChamberKind = (typeof CHAMBER_KINDS)[number];
export const CHAMBER_KIND_NAMES: Record<ChamberKind, string> = {
  chamber: '商会',
  association: '协会',
  guangxi_chamber: '异地广西商会',
};

/** A chamber of commerce or industry association that introduces leads. Shared reference data. */
@Entity({ name: 'chambers' })
@Index('idx_chambers_name', ['name'])
@Index('idx_chambers_region', ['regionCode', 'id'])
export class ChamberEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'varchar', length: 128 })
  name: string;

  @Column({ type: 'varchar', length: 20 })
  kind: ChamberKind;

  /** Where it sits (e.g. 440300 Shenzhen). */
  @Column({ type: 'char', length: 6 })
  regionCode: string;

  @ManyToOne(() => RegionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_code', referencedColumnName: 'code', foreignKeyConstraintName: 'fk_chambers_region' })
  region?: RegionEntity;

  @Column({ type: 'json' })
  clusterCodes: string[];

  @Column({ type: 'json' })
  contacts: CompanyContact[];

  /** 定向合作协议: when the long-term cooperation agreement was signed. */
  @Column({ type: 'date', nullable: true })
  agreementSignedAt: string | null;

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @Column({ type: 'bigint', nullable: true })
  createdBy: string | null;

  @VersionColumn()
  version: number;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;
}
