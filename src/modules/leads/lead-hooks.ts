import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthPrincipal } from '../../core/auth/principal';
import type { LeadRow } from './dto/lead.mapper';
import type { LeadChanges } from './leads.repository';

export interface LeadInserted {
  manager: EntityManager;
  principal: AuthPrincipal;
  /** How the lead came in: created through the API, imported, or from a visit. */
  origin: 'created' | 'imported' | 'visit';
  lead: LeadRow;
}

export interface LeadChanged {
  manager: EntityManager;
  principal: AuthPrincipal;
  before: LeadRow;
  changes: LeadChanges;
}

/** Records of a lead that other figures read changed, not its fields (funds received). */
export interface LeadRecordsChanged {
  manager: EntityManager;
  leadId: string;
}

type Hook<E> = (event: E) => Promise<void>;

/**
 * What other features do when a lead is registered or changed (the linkage module detects 撞单 conflicts and
 * schedules the chamber-feedback deadline), run inside the same transaction so they commit or roll back with it.
 * Features register here instead of the leads module depending on them.
 */
@Injectable()
export class LeadHooks {
  private readonly insertedHooks: Array<Hook<LeadInserted>> = [];
  private readonly changedHooks: Array<Hook<LeadChanged>> = [];
  private readonly recordsChangedHooks: Array<Hook<LeadRecordsChanged>> = [];

  onInserted(hook: Hook<LeadInserted>): void {
    this.insertedHooks.push(hook);
  }

  onChanged(hook: Hook<LeadChanged>): void {
    this.changedHooks.push(hook);
  }

  onRecordsChanged(hook: Hook<LeadRecordsChanged>): void {
    this.recordsChangedHooks.push(hook);
  }

  async inserted(event: LeadInserted): Promise<void> {
    for (const hook of this.insertedHooks) await hook(event);
  }

  async changed(event: LeadChanged): Promise<void> {
    for (const hook of this.changedHooks) await hook(event);
  }

  async recordsChanged(event: LeadRecordsChanged): Promise<void> {
    for (const hook of this.recordsChangedHooks) await hook(event);
  }
}
