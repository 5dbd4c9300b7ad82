import { Module } from '@nestjs/common';
import { StallRulesController } from './stall-rules.controller';
import { StallRulesRepository } from './stall-rules.repository';
import { StallRulesService } from './stall-rules.service';

/** The 三色预警 rules: versioned reference data every process loads (lead lights, list filters, the stall watch). */
@Module({
  controllers: [StallRulesController],
  providers: [StallRulesService, StallRulesRepository],
  exports: [StallRulesService],
})
export class StallRulesModule {}
