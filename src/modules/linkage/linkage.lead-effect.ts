import { Injectable } from '@nestjs/common';
import type { LeadChanged, LeadEffect, LeadInserted } from '../leads/lead-effects';
import { LinkageService } from './linkage.service';

/**
 * Linkage after a lead write: a new lead is checked for 撞单 and starts the chamber-feedback clock; feedback given
 * stops the clock; a lead closed while a dispatch waits withdraws the dispatch.
 */
@Injectable()
export class LinkageLeadEffect implements LeadEffect {
  readonly name = 'linkage';

  constructor(private readonly linkage: LinkageService) {}

  afterInsert(event: LeadInserted): Promise<void> {
    return this.linkage.onLeadInserted(event);
  }

  afterChange(event: LeadChanged): Promise<void> {
    return this.linkage.onLeadChanged(event);
  }
}
