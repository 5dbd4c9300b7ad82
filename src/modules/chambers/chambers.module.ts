import { StallRulesModule } from '../stall-rules/stall-rules.module';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClustersModule } from '../clusters/clusters.module';
import { LeadsModule } from '../leads/leads.module';
import { RegionsModule } from '../regions/regions.module';
import { ChamberEntity } from './chamber.entity';
import { ChambersController } from './chambers.controller';
import { ChambersRepository } from './chambers.repository';
import { ChambersService } from './chambers.service';

@Module({
  imports: [TypeOrmModule.forFeature([ChamberEntity]), LeadsModule, ClustersModule, RegionsModule, StallRulesModule],
  controllers: [ChambersController],
  providers: [ChambersService, ChambersRepository],
  exports: [ChambersRepository],
})
export class ChambersModule {}
