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

/**
 * What another feature does after LeadWriter wrote a lead, inside the same transaction, so it commits or rolls
 * back with the write. Implemented in the owning module (linkage, tasks, parks, analytics) and handed to the writer,
 * in one fixed order, by src/modules/lead-effects.module.ts (docs/architecture.md, the lead write path).
 */
export interface LeadEffect {
  /** For error messages and logs: which effect this is. */
  readonly name: string;
  afterInsert?(event: LeadInserted): Promise<void>;
  afterChange?(event: LeadChanged): Promise<void>;
  afterRecordsChange?(event: LeadRecordsChanged): Promise<void>;
}
