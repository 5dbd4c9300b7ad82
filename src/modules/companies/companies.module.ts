import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClustersModule } from '../clusters/clusters.module';
import { RegionsModule } from '../regions/regions.module';
import { CompaniesController } from './companies.controller';
import { CompaniesRepository } from './companies.repository';
import { CompaniesService } from './companies.service';
import { CompanyEntity, CompanyFlagEntity } from './company.entity';

@Module({
  imports: [TypeOrmModule.forFeature([CompanyEntity, CompanyFlagEntity]), RegionsModule, ClustersModule],
  controllers: [CompaniesController],
  providers: [CompaniesService, CompaniesRepository],
  exports: [CompaniesService, CompaniesRepository],
})
export class CompaniesModule {}
