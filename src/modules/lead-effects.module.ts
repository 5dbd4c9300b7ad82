import { Injectable, Module, OnModuleInit } from '@nestjs/common';
import { AnalyticsLeadEffect } from './analytics/analytics.lead-effect';
import { AnalyticsModule } from './analytics/analytics.module';
import { LeadWriter } from './leads/lead-writer';
import { LeadsModule } from './leads/leads.module';
import { LinkageLeadEffect } from './linkage/linkage.lead-effect';
import { LinkageModule } from './linkage/linkage.module';
import { ParksLeadEffect } from './parks/parks.lead-effect';
import { ParksModule } from './parks/parks.module';
import { TasksLeadEffect } from './tasks/tasks.lead-effect';
import { TasksModule } from './tasks/tasks.module';

/**
 * What happens after every write of a lead, in this order, inside the write's transaction (docs/architecture.md,
 * "The lead write path"). The leads module cannot depend on the features that react to it (they depend on it),
 * so the list lives here, above them all, and nothing depends on this module.
 */
@Injectable()
class LeadEffectsWiring implements OnModuleInit {
  constructor(
    private readonly writer: LeadWriter,
    private readonly linkage: LinkageLeadEffect,
    private readonly tasks: TasksLeadEffect,
    private readonly parks: ParksLeadEffect,
    private readonly analytics: AnalyticsLeadEffect,
  ) {}

  onModuleInit(): void {
    this.writer.setEffects([
      // First: 撞单 detection flags the lead and its rival (in_conflict) and starts the chamber-feedback clock;
      // a closed lead withdraws its pending dispatch. Later effects see the lead as linkage left it.
      this.linkage,
      // The follow-up task of the lead's next follow-up date, moved with a new owner or unit, closed with the lead.
      this.tasks,
      // The lead's best park fit, and the capacity a signed project holds in its park.
      this.parks,
      // Last: the analytics ledger re-counts the lead after commit, whatever the effects before it changed.
      this.analytics,
    ]);
  }
}

@Module({
  imports: [LeadsModule, LinkageModule, TasksModule, ParksModule, AnalyticsModule],
  providers: [LeadEffectsWiring],
})
export class LeadEffectsModule {}
