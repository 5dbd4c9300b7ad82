import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { RegionEntity } from '../regions/region.entity';
import { ClusterFocusRegionEntity } from './cluster-focus-region.entity';
import { ClusterSegmentEntity } from './cluster-segment.entity';
import { ClusterEntity } from './cluster.entity';
import { ClusterRow, FocusRegionRow, SegmentRow } from './dto/cluster.dto';

const CLUSTER_SELECT = {
  code: true,
  name: true,
  nameEn: true,
  leadUnit: true,
  focusPlaces: true,
  sortOrder: true,
} as const;

/** Reads the nine clusters with their chain segments and focus cities. Reference data for every jurisdiction. */
@Injectable()
export class ClustersRepository {
  constructor(
    @InjectRepository(ClusterEntity) private readonly clusters: Repository<ClusterEntity>,
    @InjectRepository(ClusterSegmentEntity) private readonly segments: Repository<ClusterSegmentEntity>,
    @InjectRepository(ClusterFocusRegionEntity) private readonly focusRegions: Repository<ClusterFocusRegionEntity>,
  ) {}

  /** One page in the plan's order, `limit + 1` rows so the caller can tell whether more follow. */
  listAfter(afterSortOrder: number | undefined, limit: number): Promise<ClusterRow[]> {
    const query = this.clusters
      .createQueryBuilder('cluster')
      .select(Object.keys(CLUSTER_SELECT).map((c) => `cluster.${c}`));
    if (afterSortOrder !== undefined) query.where('cluster.sortOrder > :afterSortOrder', { afterSortOrder });
    return query
      .orderBy('cluster.sortOrder', 'ASC')
      .limit(limit + 1)
      .getMany();
  }

  count(): Promise<number> {
    return this.clusters.count();
  }

  findByCode(code: string): Promise<ClusterRow | null> {
    return this.clusters.findOne({ select: CLUSTER_SELECT, where: { code } });
  }

  /** Every cluster code with its segment codes. */
  async allCodes(): Promise<Map<string, Set<string>>> {
    const [clusters, segments] = await Promise.all([
      this.clusters.find({ select: { code: true } }),
      this.segments.find({ select: { code: true, clusterCode: true } }),
    ]);
    const codes = new Map(clusters.map((cluster) => [cluster.code, new Set<string>()]));
    for (const segment of segments) codes.get(segment.clusterCode)?.add(segment.code);
    return codes;
  }

  segmentsOf(clusterCodes: string[]): Promise<SegmentRow[]> {
    if (clusterCodes.length === 0) return Promise.resolve([]);
    return this.segments.find({
      select: { code: true, clusterCode: true, name: true, nameEn: true, position: true },
      where: { clusterCode: In(clusterCodes) },
      order: { clusterCode: 'ASC', sortOrder: 'ASC' },
    });
  }

  focusRegionsOf(clusterCodes: string[]): Promise<FocusRegionRow[]> {
    if (clusterCodes.length === 0) return Promise.resolve([]);
    return this.focusRegions
      .createQueryBuilder('focus')
      .innerJoin(RegionEntity, 'region', 'region.code = focus.regionCode')
      .select([
        'focus.clusterCode AS clusterCode',
        'focus.regionCode AS regionCode',
        'region.name AS regionName',
        'focus.focus AS focus',
      ])
      .where('focus.clusterCode IN (:...clusterCodes)', { clusterCodes })
      .orderBy('focus.clusterCode', 'ASC')
      .addOrderBy('focus.regionCode', 'ASC')
      .getRawMany<FocusRegionRow>();
  }
}
