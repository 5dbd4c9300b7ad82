import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { QueueModule } from '../../core/queue/queue.module';
import { ClustersModule } from '../clusters/clusters.module';
import { CompaniesModule } from '../companies/companies.module';
import { LeadsModule } from '../leads/leads.module';
import { RegionsModule } from '../regions/regions.module';
import { ParkCatalog } from './matching/park-catalog';
import { ParkClusterEntity } from './park-cluster.entity';
import { ParkCompanyEntity, ParkReservationEntity, ParkSegmentEntity } from './park-records.entity';
import { ParkEntity } from './park.entity';
import { ChainMapController, MatchingController, ParksController } from './parks.controller';
import { ParksRepository } from './parks.repository';
import { ParksLeadEffect } from './parks.lead-effect';
import { ParksService } from './parks.service';

/** Parks, their capacity and chains, and explainable company-to-park matching. */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      ParkEntity,
      ParkClusterEntity,
      ParkSegmentEntity,
      ParkCompanyEntity,
      ParkReservationEntity,
    ]),
    QueueModule,
    ClustersModule,
    CompaniesModule,
    LeadsModule,
    RegionsModule,
  ],
  controllers: [ParksController, MatchingController, ChainMapController],
  providers: [ParksService, ParksRepository, ParkCatalog, ParksLeadEffect],
  exports: [ParksService, ParkCatalog, ParksLeadEffect],
})
export class ParksModule {}
