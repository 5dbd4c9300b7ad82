import type { StallWindow } from '../stall-rules/stall-judge';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { JurisdictionScope } from '../../core/auth/jurisdiction-scope';
import type { LeadSort } from './dto/lead.dto';
import { leadNameFor, seesConfidentialCompany, type LeadRow } from './dto/lead.mapper';
import type { SearchRank } from '../../core/common/search-rank';
import type { Stage } from '../../shared/lead-stages';
import type { LeadAccess } from './lead-access';
import type { LeadParticipantEntity, ParticipantRole } from './lead-records.entity';
import type { LeadClaimEntity } from './lead-claim.entity';
import { LeadClaimsRepository } from './lead-claims.repository';
import { CompetingLead, LeadCursor, LeadFilter, LeadsRepository, StalledLead } from './leads.repository';

/** A lead the header search found, named as the caller may see it (masked: its code name, no company). */
export interface LeadSearchHit {
  id: string;
  title: string;
  companyName: string | null;
  stage: Stage;
  rank: SearchRank;
}

/** Reads of leads limited to one caller's access (jurisdiction; a resident: their own and their team's). */
export interface ScopedLeads {
  /** The lead if the caller may see it; null otherwise, so callers answer 404 either way. */
  find(id: string, manager?: EntityManager): Promise<LeadRow | null>;
  list(
    filter: LeadFilter,
    sort: LeadSort,
    after: LeadCursor | undefined,
    limit: number,
    manager?: EntityManager,
  ): Promise<LeadRow[]>;
  count(filter: LeadFilter, manager?: EntityManager): Promise<number>;
  /** Open leads for park matching and chain maps; the most recently updated first. */
  openForMatching(
    filter: { clusterCodes?: string[]; segmentCodes?: string[]; unit?: JurisdictionScope },
    limit: number,
  ): Promise<LeadRow[]>;
  /** The leads a chamber introduced, with counts per stage over all of them. */
  forChamber(
    chamberId: string,
  ): Promise<{ leads: LeadRow[]; stageCounts: Record<string, number>; feedbackOverdue: number }>;
  /** The roles units inside the caller's jurisdiction have on a lead besides holding it. */
  participantRoles(leadId: string): Promise<ParticipantRole[]>;
  /**
   * The header search: leads the caller may list matching `q`, best first. A confidential lead outside the
   * caller's chain is matched and named by its code name only, and its company is not named.
   */
  search(q: string, limit: number, manager?: EntityManager): Promise<LeadSearchHit[]>;
  /** Of `leadIds`, those shared with a unit inside the caller's jurisdiction. */
  sharedWith(leadIds: string[], manager?: EntityManager): Promise<Set<string>>;
}

/**
 * How other modules read leads: through the caller's access (`scoped`), or, for workers, reconcilers and re-reads
 * inside a write the caller already authorised, through the methods named …Unscoped.
 */
@Injectable()
export class LeadReader {
  constructor(
    private readonly leads: LeadsRepository,
    private readonly claims: LeadClaimsRepository,
  ) {}

  /** Any jurisdiction: a claim (甄别确认) as its deadline job reads it, acting for no user. */
  findClaimUnscoped(id: string, manager?: EntityManager): Promise<LeadClaimEntity | null> {
    return this.claims.findByIdUnscoped(id, manager);
  }

  scoped(access: LeadAccess): ScopedLeads {
    const leads = this.leads;
    return {
      find: (id, manager) => leads.findForAccess(access, id, manager),
      list: (filter, sort, after, limit, manager) => leads.listForAccess(access, filter, sort, after, limit, manager),
      count: (filter, manager) => leads.countForAccess(access, filter, manager),
      openForMatching: (filter, limit) => leads.openForMatching(access, filter, limit),
      forChamber: (chamberId) => leads.forChamber(access, chamberId),
      participantRoles: (leadId) => leads.participantRoles(access.scope, leadId),
      sharedWith: (leadIds, manager) => leads.sharedWith(access.scope, leadIds, manager),
      search: async (q, limit, manager) =>
        (await leads.search(access, q, limit, manager)).map((row) => {
          const named = seesConfidentialCompany(access.scope, row);
          return {
            id: row.id,
            title: leadNameFor(access.scope, row),
            companyName: named ? row.companyName : null,
            stage: row.stage,
            rank: row.rank,
          };
        }),
    };
  }

  /**
   * The names of many leads as `viewer` may read them (one query): the title, or the code name of a confidential
   * lead outside the viewer's chain. For lists of records that point at leads (tasks, slips, visits).
   */
  async labelsFor(viewer: JurisdictionScope, ids: string[]): Promise<Map<string, string>> {
    const rows = await this.leads.labelRows([...new Set(ids)]);
    return new Map(rows.map((row) => [row.id, leadNameFor(viewer, row)]));
  }

  /** Any lead by id, whoever holds it. `lock`: takes the lead row for update (only inside a transaction). */
  findByIdUnscoped(id: string, manager?: EntityManager, lock = false): Promise<LeadRow | null> {
    return this.leads.findById(id, manager, lock);
  }

  /** The lead an import row would update: same company and title in the same holding unit. */
  findSameProjectUnscoped(
    manager: EntityManager,
    companyId: string,
    title: string,
    regionCode: string,
  ): Promise<LeadRow | null> {
    return this.leads.findSameProject(manager, companyId, title, regionCode);
  }

  /** The other open leads for the companies, a locking read (see LeadsRepository.competingLeads). */
  competingLeadsUnscoped(manager: EntityManager, companyIds: string[], leadId: string): Promise<CompetingLead[]> {
    return this.leads.competingLeads(manager, companyIds, leadId);
  }

  listParticipantsUnscoped(
    leadId: string,
    role: ParticipantRole,
    manager?: EntityManager,
  ): Promise<LeadParticipantEntity[]> {
    return this.leads.listParticipants(leadId, role, manager);
  }

  /** Leads of a stall rule whose warning is due (see LeadsRepository.stalledCandidates); for the stall watch. */
  stalledUnscoped(window: StallWindow, limit: number): Promise<StalledLead[]> {
    return this.leads.stalledCandidates(window, limit);
  }
}
export type { StalledLead } from './leads.repository';
