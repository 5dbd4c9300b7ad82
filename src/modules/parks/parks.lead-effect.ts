import { Injectable } from '@nestjs/common';
import type { LeadChanged, LeadEffect, LeadInserted } from '../leads/lead-effects';
import { ParksService } from './parks.service';

/** Parks after a lead write: the lead's best park fit, and the land and factory space a signed project holds. */
@Injectable()
export class ParksLeadEffect implements LeadEffect {
  readonly name = 'parks';

  constructor(private readonly parks: ParksService) {}

  afterInsert(event: LeadInserted): Promise<void> {
    return this.parks.afterLeadInserted(event);
  }

  afterChange(event: LeadChanged): Promise<void> {
    return this.parks.afterLeadChanged(event);
  }
}
