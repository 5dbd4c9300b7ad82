import { Injectable } from '@nestjs/common';
import { decodeKeyCursor, Page, PageQueryDto, toPage } from '../../core/common/pagination';
import { DomainException } from '../../core/errors/domain.exception';
import { ClustersRepository } from './clusters.repository';
import { ClusterResponseDto, ClusterRow, mapCluster } from './dto/cluster.dto';

@Injectable()
export class ClustersService {
  constructor(private readonly clusters: ClustersRepository) {}

  async list(query: PageQueryDto): Promise<Page<ClusterResponseDto>> {
    const afterSortOrder = query.cursor ? Number(decodeKeyCursor(query.cursor, /^\d{1,5}$/)) : undefined;
    const [rows, total] = await Promise.all([
      this.clusters.listAfter(afterSortOrder, query.limit),
      query.withTotal ? this.clusters.count() : Promise.resolve(undefined),
    ]);
    const mapped = await this.withChildren(rows.slice(0, query.limit));
    const byCode = new Map(mapped.map((cluster) => [cluster.code, cluster]));
    return toPage(
      rows,
      query.limit,
      (row) => [row.sortOrder],
      (row) => byCode.get(row.code)!,
      total,
    );
  }

  async get(code: string): Promise<ClusterResponseDto> {
    const cluster = await this.clusters.findByCode(code);
    if (!cluster) throw DomainException.notFound('Cluster', code);
    const [mapped] = await this.withChildren([cluster]);
    return mapped;
  }

  /** Segments and focus cities for a page of clusters: two queries, whatever the page size. */
  private async withChildren(rows: ClusterRow[]): Promise<ClusterResponseDto[]> {
    const codes = rows.map((row) => row.code);
    const [segments, focusRegions] = await Promise.all([
      this.clusters.segmentsOf(codes),
      this.clusters.focusRegionsOf(codes),
    ]);
    return rows.map((row) =>
      mapCluster(
        row,
        segments.filter((segment) => segment.clusterCode === row.code),
        focusRegions.filter((focus) => focus.clusterCode === row.code),
      ),
    );
  }
}
