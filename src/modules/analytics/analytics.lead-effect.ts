import { Injectable } from '@nestjs/common';
import type { LeadChanged, LeadEffect, LeadInserted, LeadRecordsChanged } from '../leads/lead-effects';
import { AnalyticsLedger } from './analytics-ledger';

/** Every registration and change of a lead (and funds received) re-counts it when its transaction commits. */
@Injectable()
export class AnalyticsLeadEffect implements LeadEffect {
  readonly name = 'analytics';

  constructor(private readonly ledger: AnalyticsLedger) {}

  afterInsert(event: LeadInserted): Promise<void> {
    return this.ledger.touch(event.manager, String(event.lead.id), true);
  }

  afterChange(event: LeadChanged): Promise<void> {
    return this.ledger.touch(event.manager, String(event.before.id));
  }

  afterRecordsChange(event: LeadRecordsChanged): Promise<void> {
    return this.ledger.touch(event.manager, event.leadId);
  }
}
