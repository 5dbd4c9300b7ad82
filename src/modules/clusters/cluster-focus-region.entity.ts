import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { RegionEntity } from '../regions/region.entity';
import { ClusterEntity } from './cluster.entity';

/** A city the plan names as a focus of a cluster, with what it focuses on there. */
@Entity({ name: 'cluster_focus_regions' })
export class ClusterFocusRegionEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  clusterCode: string;

  @PrimaryColumn({ type: 'char', length: 6 })
  regionCode: string;

  @ManyToOne(() => ClusterEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'cluster_code',
    referencedColumnName: 'code',
    foreignKeyConstraintName: 'fk_cluster_focus_cluster',
  })
  cluster?: ClusterEntity;

  @ManyToOne(() => RegionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'region_code',
    referencedColumnName: 'code',
    foreignKeyConstraintName: 'fk_cluster_focus_region',
  })
  region?: RegionEntity;

  @Column({ type: 'varchar', length: 255, default: '' })
  focus: string;
}
