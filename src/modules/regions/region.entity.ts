import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CreatedAtColumn, UpdatedAtColumn } from '../../core/database/timestamp-columns';

export const REGION_LEVELS = ['province', 'city', 'county'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

/** An administrative division (GB/T 2260): 450000 the region, its cities and counties, and where companies come from. */
@Entity({ name: 'regions' })
@Index('idx_regions_parent_code', ['parentCode', 'code'])
@Index('idx_regions_city_code', ['cityCode'])
export class RegionEntity {
  @PrimaryColumn({ type: 'char', length: 6 })
  code: string;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  level: RegionLevel;

  @Column({ type: 'char', length: 6, nullable: true })
  parentCode: string | null;

  @ManyToOne(() => RegionEntity, { onDelete: 'RESTRICT', createForeignKeyConstraints: true })
  @JoinColumn({ name: 'parent_code', referencedColumnName: 'code', foreignKeyConstraintName: 'fk_regions_parent' })
  parent?: RegionEntity;

  /** The province-level ancestor (itself for a province): jurisdiction filters use it without a recursive query. */
  @Column({ type: 'char', length: 6 })
  provinceCode: string;

  /** The prefecture-level ancestor (itself for a city, null for a province). */
  @Column({ type: 'char', length: 6, nullable: true })
  cityCode: string | null;

  /** One of the 35 key industrial counties (工业重点县); an administrator marks them, the plan does not list them. */
  @Column({ type: 'boolean', default: false })
  isKeyIndustrialCounty: boolean;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;
}
