import { Injectable } from '@nestjs/common';
import { DomainException } from '../../core/errors/domain.exception';
import { ClustersRepository } from './clusters.repository';

/** Checks cluster and segment codes sent by clients against the reference data. */
@Injectable()
export class ClusterCodes {
  private cache: Promise<Map<string, Set<string>>> | undefined;

  constructor(private readonly clusters: ClustersRepository) {}

  /** Throws VALIDATION_FAILED naming the field unless the cluster exists and the segment (if any) belongs to it. */
  async require(
    clusterCode: string | null | undefined,
    segmentCode: string | null | undefined,
    fields = { cluster: 'clusterCode', segment: 'segmentCode' },
  ): Promise<void> {
    const known = await this.known();
    if (clusterCode !== undefined && clusterCode !== null && !known.has(clusterCode)) {
      throw DomainException.validation(fields.cluster, 'isCluster', `must be one of ${[...known.keys()].join(', ')}`);
    }
    if (segmentCode !== undefined && segmentCode !== null) {
      if (!clusterCode) throw DomainException.validation(fields.cluster, 'isDefined', 'is required with a segmentCode');
      if (!known.get(clusterCode)!.has(segmentCode)) {
        throw DomainException.validation(
          fields.segment,
          'isSegmentOfCluster',
          `must be a segment of ${clusterCode} (see GET /api/v1/clusters/${clusterCode})`,
        );
      }
    }
  }

  async requireAll(clusterCodes: string[], field: string): Promise<void> {
    for (const code of clusterCodes) await this.require(code, null, { cluster: field, segment: field });
  }

  /** Reference data changes only with a deployment's seeds, so one read per process is enough. */
  private known(): Promise<Map<string, Set<string>>> {
    this.cache ??= this.clusters.allCodes().catch((error) => {
      this.cache = undefined;
      throw error;
    });
    return this.cache;
  }
}
