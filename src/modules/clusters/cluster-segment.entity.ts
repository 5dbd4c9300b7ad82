import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CreatedAtColumn, UpdatedAtColumn } from '../../core/database/timestamp-columns';
import { ClusterEntity } from './cluster.entity';

export const CHAIN_POSITIONS = ['upstream', 'midstream', 'downstream'] as const;
export type ChainPosition = (typeof CHAIN_POSITIONS)[number];

/** A link of a cluster's industry chain (`<clusterCode>.<segment>`), placed upstream, midstream or downstream. */
@Entity({ name: 'cluster_segments' })
@Index('idx_cluster_segments_cluster', ['clusterCode', 'sortOrder'])
export class ClusterSegmentEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  code: string;

  @Column({ type: 'varchar', length: 32 })
  clusterCode: string;

  @ManyToOne(() => ClusterEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'cluster_code',
    referencedColumnName: 'code',
    foreignKeyConstraintName: 'fk_cluster_segments_cluster',
  })
  cluster?: ClusterEntity;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'varchar', length: 128 })
  nameEn: string;

  @Column({ type: 'varchar', length: 16 })
  position: ChainPosition;

  @Column({ type: 'smallint' })
  sortOrder: number;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;
}
