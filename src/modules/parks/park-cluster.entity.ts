import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ClusterEntity } from '../clusters/cluster.entity';
import { ParkEntity } from './park.entity';

/** A cluster a park hosts; `isPrimary` separates its main clusters from secondary ones. */
@Entity({ name: 'park_clusters' })
@Index('idx_park_clusters_cluster', ['clusterCode', 'parkId'])
export class ParkClusterEntity {
  @PrimaryColumn({ type: 'bigint' })
  parkId: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  clusterCode: string;

  @ManyToOne(() => ParkEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'park_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_park_clusters_park' })
  park?: ParkEntity;

  @ManyToOne(() => ClusterEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'cluster_code',
    referencedColumnName: 'code',
    foreignKeyConstraintName: 'fk_park_clusters_cluster',
  })
  cluster?: ClusterEntity;

  @Column({ type: 'boolean', default: true })
  isPrimary: boolean;
}
