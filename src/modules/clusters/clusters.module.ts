import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClusterFocusRegionEntity } from './cluster-focus-region.entity';
import { ClusterSegmentEntity } from './cluster-segment.entity';
import { ClusterEntity } from './cluster.entity';
import { ClusterCodes } from './cluster-codes';
import { ClustersController } from './clusters.controller';
import { ClustersRepository } from './clusters.repository';
import { ClustersService } from './clusters.service';

@Module({
  imports: [TypeOrmModule.forFeature([ClusterEntity, ClusterSegmentEntity, ClusterFocusRegionEntity])],
  controllers: [ClustersController],
  providers: [ClustersService, ClustersRepository, ClusterCodes],
  exports: [ClustersService, ClusterCodes, ClustersRepository],
})
export class ClustersModule {}
