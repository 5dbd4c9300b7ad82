import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CreatedAtColumn, UpdatedAtColumn } from '../../core/database/timestamp-columns';

/** One of the nine industry clusters (九大产业集群) of the plan. */
@Entity({ name: 'clusters' })
export class ClusterEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'varchar', length: 128 })
  nameEn: string;

  /** 牵头单位, the department that leads the cluster's resident team. */
  @Column({ type: 'varchar', length: 128 })
  leadUnit: string;

  /** Places the plan names for the cluster that are not divisions: parks, companies, processing belts. */
  @Column({ type: 'json' })
  focusPlaces: string[];

  @Column({ type: 'smallint' })
  sortOrder: number;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;
}
