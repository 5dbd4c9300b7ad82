import { Injectable } from '@nestjs/common';
import type { JurisdictionScope } from '../../core/auth/jurisdiction-scope';
import { CompaniesRepository } from '../companies/companies.repository';
import { leadNameFor } from '../leads/dto/lead.mapper';
import { LeadReader } from '../leads/lead-reader';
import type { ListedNames } from './tasks.repository';
import { UsersRepository } from '../users/users.repository';

/** The names a page of tasks or slips shows beside their ids; a missing or unknown id names nothing (null). */
export interface RecordNames {
  lead(id: string | null): string | null;
  user(id: string | null): string | null;
  company(id: string | null): string | null;
}

export const NO_NAMES: RecordNames = { lead: () => null, user: () => null, company: () => null };

/** The names a listed row carried in its own statement (TasksRepository's list joins), as RecordNames. */
export function listedNames(
  viewer: JurisdictionScope,
  row: { assigneeId?: string | null; createdBy?: string | null; answeredBy?: string | null; names: ListedNames },
): RecordNames {
  const users = new Map<string, string | null>([
    [String(row.assigneeId ?? ''), row.names.assigneeName],
    [String(row.createdBy ?? ''), row.names.createdByName],
    [String(row.answeredBy ?? ''), row.names.answeredByName],
  ]);
  const lead = row.names.lead;
  return {
    lead: (id) => (id === null || !lead ? null : leadNameFor(viewer, lead)),
    company: (id) => (id === null ? null : row.names.companyName),
    user: (id) => (id === null ? null : (users.get(String(id)) ?? null)),
  };
}

/**
 * Reads the names of the leads, people and companies a page refers to: one batched query per kind per page
 * (docs/api.md "Lists"), never one per row. Lead names respect confidentiality (LeadReader.labelsFor).
 */
@Injectable()
export class RecordNamesReader {
  constructor(
    private readonly leads: LeadReader,
    private readonly users: UsersRepository,
    private readonly companies: CompaniesRepository,
  ) {}

  async read(
    viewer: JurisdictionScope,
    refs: { leadIds?: Array<string | null>; userIds?: Array<string | null>; companyIds?: Array<string | null> },
  ): Promise<RecordNames> {
    const present = (ids: Array<string | null> | undefined) => [
      ...new Set((ids ?? []).filter((id): id is string => id !== null).map(String)),
    ];
    const [leads, users, companies] = await Promise.all([
      this.leads.labelsFor(viewer, present(refs.leadIds)),
      // Only the names of the people on records the caller already reads (assignee, creator, answerer).
      this.users.displayNamesUnscoped(present(refs.userIds)),
      this.companies
        .findByIds(present(refs.companyIds))
        .then((rows) => new Map(rows.map((row) => [String(row.id), row.name]))),
    ]);
    const lookup = (map: Map<string, string>) => (id: string | null) =>
      id === null ? null : (map.get(String(id)) ?? null);
    return { lead: lookup(leads), user: lookup(users), company: lookup(companies) };
  }
}
