import { Injectable } from '@nestjs/common';
import { JurisdictionScope } from '../../core/auth/jurisdiction-scope';
import type { AuthPrincipal } from '../../core/auth/principal';
import { OWNERSHIP_NAMES } from '../../shared/company.constants';
import { STAGE_NAMES } from '../../shared/lead-stages';
import { CHAMBER_KIND_NAMES } from '../chambers/chamber.entity';
import { ChambersRepository } from '../chambers/chambers.repository';
import { CompaniesService } from '../companies/companies.service';
import { leadAccessFor } from '../leads/lead-access';
import { LeadReader } from '../leads/lead-reader';
import { ParksService } from '../parks/parks.service';
import { UsersRepository } from '../users/users.repository';
import { SEARCH_KINDS, SearchHitDto, SearchKind, SearchQueryDto, SearchResultDto } from './dto/search.dto';

/** The hits one kind may contribute: a few, so one kind with many matches does not crowd out the others. */
export function perKindLimit(limit: number): number {
  return Math.min(limit, Math.max(5, Math.ceil(limit / 3)));
}

const KIND_ORDER = new Map<SearchKind, number>(SEARCH_KINDS.map((kind, index) => [kind, index]));

/** A display line from the parts that are known. */
const line = (...parts: Array<string | null | undefined>): string | null =>
  parts.filter((part): part is string => Boolean(part)).join(' · ') || null;

/**
 * Best first across kinds: by rank, then leads, companies, chambers, parks, people, then each owner's own order
 * (its search already sorted within a rank). Array.prototype.sort is stable, so the owners' order is kept.
 */
export function mergeHits(hits: SearchHitDto[], limit: number): SearchHitDto[] {
  return [...hits].sort((a, b) => a.rank - b.rank || KIND_ORDER.get(a.kind)! - KIND_ORDER.get(b.kind)!).slice(0, limit);
}

/**
 * The header search (GET /search): asks each owner for its few best matches, each in one statement and with the
 * owner's own reach (leads as GET /leads, people as GET /people; companies, chambers and parks are shared
 * reference records every role lists), and merges them by rank. No SQL here: the owners search their tables.
 */
@Injectable()
export class SearchService {
  constructor(
    private readonly leads: LeadReader,
    private readonly companies: CompaniesService,
    private readonly chambers: ChambersRepository,
    private readonly parks: ParksService,
    private readonly users: UsersRepository,
  ) {}

  async search(principal: AuthPrincipal, query: SearchQueryDto): Promise<SearchResultDto> {
    const { q, limit } = query;
    const each = perKindLimit(limit);
    const [leads, companies, chambers, parks, people] = await Promise.all([
      this.leads.scoped(leadAccessFor(principal)).search(q, each),
      this.companies.searchHits(q, each),
      this.chambers.search(q, each),
      this.parks.search(q, each),
      this.users.forScope(JurisdictionScope.forPrincipal(principal)).searchPeople(q, each),
    ]);
    const hits: SearchHitDto[] = [
      ...leads.map((lead) => ({
        kind: 'lead' as const,
        id: lead.id,
        title: lead.title,
        subtitle: line(lead.companyName, STAGE_NAMES[lead.stage]),
        rank: lead.rank,
      })),
      ...companies.map((company) => ({
        kind: 'company' as const,
        id: company.id,
        title: company.name,
        subtitle: line(company.creditCode, OWNERSHIP_NAMES[company.ownership]),
        rank: company.score as SearchHitDto['rank'],
      })),
      ...chambers.map((chamber) => ({
        kind: 'chamber' as const,
        id: chamber.id,
        title: chamber.name,
        subtitle: line(CHAMBER_KIND_NAMES[chamber.kind], chamber.regionName),
        rank: chamber.rank,
      })),
      ...parks.map((park) => ({
        kind: 'park' as const,
        id: park.id,
        title: park.name,
        subtitle: line(park.regionName),
        rank: park.rank,
      })),
      ...people.map((person) => ({
        kind: 'person' as const,
        id: person.id,
        title: person.displayName,
        subtitle: line(person.regionName, person.teamName),
        rank: person.rank,
      })),
    ];
    return { items: mergeHits(hits, limit) };
  }
}
