import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { CreatedAtColumn, UpdatedAtColumn } from '../../core/database/timestamp-columns';
import { ClusterEntity } from '../clusters/cluster.entity';
import { RegionEntity } from '../regions/region.entity';
import { UserEntity } from '../users/user.entity';

/**
 * A resident team (驻点招商工作小组) stationed in a Greater Bay Area city for one cluster, or a city or county
 * docking team (对接工作小组). It belongs to a unit (regionCode) for jurisdiction.
 */
@Entity({ name: 'teams' })
@Index('idx_teams_city', ['cityCode', 'id'])
@Index('idx_teams_region', ['regionCode', 'id'])
export class TeamEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'varchar', length: 128 })
  name: string;

  @Column({ type: 'varchar', length: 32 })
  clusterCode: string;

  @ManyToOne(() => ClusterEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'cluster_code', referencedColumnName: 'code', foreignKeyConstraintName: 'fk_teams_cluster' })
  cluster?: ClusterEntity;

  /** Where it is stationed (e.g. 440300 Shenzhen); null for docking teams at home. */
  @Column({ type: 'char', length: 6, nullable: true })
  baseRegionCode: string | null;

  @ManyToOne(() => RegionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'base_region_code',
    referencedColumnName: 'code',
    foreignKeyConstraintName: 'fk_teams_base_region',
  })
  baseRegion?: RegionEntity;

  /** The unit the team belongs to. */
  @Column({ type: 'char', length: 6 })
  regionCode: string;

  @ManyToOne(() => RegionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_code', referencedColumnName: 'code', foreignKeyConstraintName: 'fk_teams_region' })
  region?: RegionEntity;

  @Column({ type: 'char', length: 6, nullable: true })
  cityCode: string | null;

  @Column({ type: 'bigint', nullable: true })
  leaderUserId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'leader_user_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_teams_leader' })
  leader?: UserEntity;

  @Column({ type: 'bigint', nullable: true })
  createdBy: string | null;

  @VersionColumn()
  version: number;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;
}
