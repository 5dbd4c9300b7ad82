import { Injectable } from '@nestjs/common';
import type { JurisdictionScope } from '../../core/auth/jurisdiction-scope';
import { LeadReader } from '../leads/lead-reader';
import { UsersRepository } from '../users/users.repository';
import type { LinkageNameLookup } from './dto/linkage.dto';

type Id = string | number | null | undefined;

const present = (ids: Id[]): string[] => [
  ...new Set(ids.filter((id): id is string | number => id !== null && id !== undefined).map(String)),
];

/**
 * The names a page of dispatches, escalations, collaborators or conflicts shows beside its ids (docs/api.md
 * "Lists"): one batched query per kind per page, never one per row. Lead names respect confidentiality
 * (LeadReader.labelsFor: the code name of a confidential lead outside the viewer's chain).
 */
@Injectable()
export class LinkageNames {
  constructor(
    private readonly users: UsersRepository,
    private readonly leads: LeadReader,
  ) {}

  async read(viewer: JurisdictionScope, refs: { userIds?: Id[]; leadIds?: Id[] }): Promise<LinkageNameLookup> {
    const userIds = present(refs.userIds ?? []);
    const leadIds = present(refs.leadIds ?? []);
    const [users, leads] = await Promise.all([
      // Only the names of the people on linkage records the caller already reads (sender, answerer, ruler).
      userIds.length > 0 ? this.users.displayNamesUnscoped(userIds) : Promise.resolve(new Map<string, string>()),
      leadIds.length > 0 ? this.leads.labelsFor(viewer, leadIds) : Promise.resolve(new Map<string, string>()),
    ]);
    const lookup = (map: Map<string, string>) => (id: Id) =>
      id === null || id === undefined ? null : (map.get(String(id)) ?? null);
    return { user: lookup(users), lead: lookup(leads) };
  }
}
