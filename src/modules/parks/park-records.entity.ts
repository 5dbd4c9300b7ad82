import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CreatedAtColumn } from '../../core/database/timestamp-columns';
import { CompanyEntity } from '../companies/company.entity';
import { LeadEntity } from '../leads/lead.entity';
import { ParkEntity } from './park.entity';

/** A chain segment a park declares it hosts (its resident companies add theirs). */
@Entity({ name: 'park_segments' })
@Index('idx_park_segments_segment', ['segmentCode', 'parkId'])
export class ParkSegmentEntity {
  @PrimaryColumn({ type: 'bigint' })
  parkId: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  segmentCode: string;

  @ManyToOne(() => ParkEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'park_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_park_segments_park' })
  park?: ParkEntity;
}

/** A company already in a park, at a link of its chain. */
@Entity({ name: 'park_companies' })
@Index('idx_park_companies_company', ['companyId'])
@Index('idx_park_companies_segment', ['segmentCode', 'parkId'])
export class ParkCompanyEntity {
  @PrimaryColumn({ type: 'bigint' })
  parkId: string;

  @PrimaryColumn({ type: 'bigint' })
  companyId: string;

  @ManyToOne(() => ParkEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'park_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_park_companies_park' })
  park?: ParkEntity;

  @ManyToOne(() => CompanyEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'company_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_park_companies_company' })
  company?: CompanyEntity;

  @Column({ type: 'varchar', length: 64, nullable: true })
  segmentCode: string | null;

  @CreatedAtColumn()
  createdAt: Date;
}

/** Land and factory space a signed lead holds in its park; released (given back) if the lead is lost. */
@Entity({ name: 'park_reservations' })
@Index('idx_park_reservations_park', ['parkId', 'status'])
export class ParkReservationEntity {
  @PrimaryColumn({ type: 'bigint' })
  leadId: string;

  @ManyToOne(() => LeadEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lead_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_park_reservations_lead' })
  lead?: LeadEntity;

  @Column({ type: 'bigint' })
  parkId: string;

  @ManyToOne(() => ParkEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'park_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_park_reservations_park' })
  park?: ParkEntity;

  @Column({ type: 'decimal', precision: 12, scale: 2, default: 0 })
  landMu: string;

  @Column({ type: 'decimal', precision: 14, scale: 2, default: 0 })
  factorySqm: string;

  @Column({ type: 'varchar', length: 16 })
  status: 'active' | 'released';

  @CreatedAtColumn()
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  releasedAt: Date | null;
}
