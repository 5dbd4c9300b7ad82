import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { CreatedAtColumn, UpdatedAtColumn } from '../../core/database/timestamp-columns';
import { RegionEntity } from '../regions/region.entity';

export const PARK_KINDS = ['park_in_park', 'themed', 'light_industry', 'general', 'cooperation_zone'] as const;
export type ParkKind = (typeof PARK_KINDS)[number];

/** An industrial park or cooperation platform that can host companies. Capacities stay null until known. */
@Entity({ name: 'parks' })
@Index('uq_parks_code', ['code'], { unique: true })
@Index('idx_parks_city', ['cityCode', 'id'])
@Index('idx_parks_region', ['regionCode', 'id'])
@Index('idx_parks_updated', ['updatedAt'])
export class ParkEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  /** Stable key for reference data loaded from seeds/ (null for parks added by users). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  code: string | null;

  @Column({ type: 'varchar', length: 128 })
  name: string;

  @Column({ type: 'char', length: 6 })
  regionCode: string;

  @ManyToOne(() => RegionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_code', referencedColumnName: 'code', foreignKeyConstraintName: 'fk_parks_region' })
  region?: RegionEntity;

  @Column({ type: 'char', length: 6 })
  cityCode: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  kind: ParkKind | null;

  @Column({ type: 'decimal', precision: 12, scale: 2, nullable: true })
  landAvailableMu: string | null;

  @Column({ type: 'decimal', precision: 14, scale: 2, nullable: true })
  factoryAvailableSqm: string | null;

  /**
   * What signed projects hold here (active reservations) and how many companies are settled, kept by
   * ParksRepository.refreshOccupancy in the transaction of every reservation and residency change, so the park list
   * reads them with the park.
   */
  @Column({ type: 'decimal', precision: 14, scale: 2, default: 0 })
  reservedLandMu: string;

  @Column({ type: 'decimal', precision: 16, scale: 2, default: 0 })
  reservedFactorySqm: string;

  @Column({ type: 'int', default: 0 })
  residentCount: number;

  /** Standard factory space planned or being built (标准厂房), m². */
  @Column({ type: 'decimal', precision: 14, scale: 2, nullable: true })
  factoryPlannedSqm: string | null;

  /** 五通一平: road, water, power, gas, network connected; land levelled. */
  @Column({ type: 'boolean', default: false })
  readyRoad: boolean;

  @Column({ type: 'boolean', default: false })
  readyWater: boolean;

  @Column({ type: 'boolean', default: false })
  readyPower: boolean;

  @Column({ type: 'boolean', default: false })
  readyGas: boolean;

  @Column({ type: 'boolean', default: false })
  readyNetwork: boolean;

  @Column({ type: 'boolean', default: false })
  readyLevelled: boolean;

  @Column({ type: 'boolean', default: false })
  portAccess: boolean;

  @Column({ type: 'boolean', default: false })
  railAccess: boolean;

  @Column({ type: 'boolean', default: false })
  hazardousChemicalsAllowed: boolean;

  /** What the park is for (主导产业、定位), as the plan or the park describes it. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  focus: string | null;

  @Column({ type: 'text', nullable: true })
  incentives: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  contactUnit: string | null;

  @VersionColumn()
  version: number;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;
}
