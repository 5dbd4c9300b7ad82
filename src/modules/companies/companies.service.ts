import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { JurisdictionScope } from '../../core/auth/jurisdiction-scope';
import type { AuthPrincipal } from '../../core/auth/principal';
import { decodeCursor, decodeKeyCursor, Page, toPage } from '../../core/common/pagination';
import { onReplica } from '../../core/database/replica-reads';
import { DomainException } from '../../core/errors/domain.exception';
import { ErrorCode } from '../../core/errors/error-codes';
import { diffChanges } from '../audit/audit-changes';
import { AuditService } from '../audit/audit.service';
import { ClusterCodes } from '../clusters/cluster-codes';
import { RegionUnits } from '../regions/region-units';
import { CompaniesRepository, CompanyNamedHit, CompanyValues, SimilarCandidate } from './companies.repository';
import {
  ComparableCompany,
  companyNameCore,
  companySimilarity,
  corePrefixes,
  MAX_ALIAS_EXTENSION,
  nameForms,
  scoreOf,
  SIMILAR_COMPANY_SCORE,
  SimilarityReason,
} from '../../shared/company-similarity';
import { CREDIT_CODE_OPTIONAL } from '../../shared/company.constants';
import { companyNamePinyin, normaliseCompanyName } from '../../shared/company-name';
import { CREDIT_CODE_MESSAGES, creditCodeProblem } from './credit-code';
import {
  CompanyCreateDto,
  CompanyListQueryDto,
  CompanyResponseDto,
  CompanyRow,
  CompanyUpdateDto,
  mapCompany,
  SimilarCompaniesDto,
  SimilarCompaniesQueryDto,
  SimilarCompanyDto,
} from './dto/company.dto';
import { COMPANY_RELATION_NAMES } from '../../shared/company.constants';

const AUDITED_FIELDS = [
  'name',
  'creditCode',
  'ownership',
  'originRegionCode',
  'clusterCode',
  'segmentCode',
  'flags',
  'annualRevenue',
  'employees',
  'website',
  'contacts',
  'parentCompanyId',
  'parentRelation',
] as const;

type CompanyInput = Omit<CompanyCreateDto, 'confirmDistinct'>;

/** A company like another, with how alike and why (companySimilarity plus the group relation). */
export interface SimilarCompany {
  id: string;
  name: string;
  creditCode: string | null;
  score: number;
  reasons: SimilarityReason[];
}

/** How many candidates registration shows and 撞单 detection follows. */
const SIMILAR_SHOWN = 20;

/** Companies: registration with duplicate detection, search, and edits; every write audited. */
@Injectable()
export class CompaniesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly companies: CompaniesRepository,
    private readonly clusterCodes: ClusterCodes,
    private readonly regionUnits: RegionUnits,
    private readonly audit: AuditService,
  ) {}

  async list(query: CompanyListQueryDto): Promise<Page<CompanyResponseDto>> {
    const filter = {
      ownership: query.ownership,
      clusterCode: query.clusterCode,
      originRegionCode: query.originRegionCode,
      flag: query.flag,
    };
    const q = query.q;
    if (q) {
      const after = query.cursor ? this.searchCursor(query.cursor) : undefined;
      const normalised = normaliseCompanyName(q);
      // Searches and lists read from a replica when there is one; the count on a connection of its own.
      const [[hits, found], total] = await Promise.all([
        onReplica(this.dataSource, async (replica) => {
          const ranked = await this.companies.search(q, normalised, filter, after, query.limit, replica);
          return [
            ranked,
            await this.companies.findByIds(
              ranked.slice(0, query.limit).map((hit) => hit.id),
              replica,
            ),
          ] as const;
        }),
        query.withTotal
          ? onReplica(this.dataSource, (replica) => this.companies.countSearch(q, normalised, filter, replica))
          : Promise.resolve(undefined),
      ]);
      const rows = new Map(found.map((row) => [String(row.id), row]));
      const group = await this.companies.groupFacts(found);
      return toPage(
        hits,
        query.limit,
        (hit) => [hit.score, hit.id],
        (hit) => mapCompany(rows.get(hit.id)!, 'masked', group.get(hit.id)!),
        total,
      );
    }
    const beforeId = query.cursor ? decodeKeyCursor(query.cursor) : undefined;
    const [rows, total] = await Promise.all([
      onReplica(this.dataSource, (replica) => this.companies.listAfter(filter, beforeId, query.limit, replica)),
      query.withTotal
        ? onReplica(this.dataSource, (replica) => this.companies.count(filter, replica))
        : Promise.resolve(undefined),
    ]);
    const group = await this.companies.groupFacts(rows.slice(0, query.limit));
    return toPage(
      rows,
      query.limit,
      (row) => [row.id],
      (row) => mapCompany(row, 'masked', group.get(String(row.id))!),
      total,
    );
  }

  /** The header search's companies (GET /search): the ranked search's best `limit`, with names, one statement. */
  searchHits(q: string, limit: number): Promise<CompanyNamedHit[]> {
    const normalised = normaliseCompanyName(q);
    return onReplica(this.dataSource, (replica) => this.companies.searchNamed(q, normalised, limit, replica));
  }

  private searchCursor(cursor: string): [number, string] {
    const [score, id] = decodeCursor(cursor, 2);
    if (typeof score !== 'number' || !/^[1-9]\d{0,17}$/.test(String(id))) {
      throw DomainException.validation('cursor', 'isCursor', 'is not a cursor of this search; start again without it');
    }
    return [score, String(id)];
  }

  /** One company; its contacts in full only for those who work its projects, and that read is audited. */
  async get(principal: AuthPrincipal, id: string): Promise<CompanyResponseDto> {
    const row = await this.companies.findById(id);
    if (!row) throw DomainException.notFound('Company', id);
    return this.mapForReader(principal, row);
  }

  /**
   * Who reads a company's phones and emails in full (personal information: PIPL): administrators, whoever
   * registered it, and those who work its projects (see CompaniesRepository.contactsReachedBy).
   */
  private async readsContactsInFull(principal: AuthPrincipal, row: CompanyRow): Promise<boolean> {
    if (principal.role === 'admin' || String(row.createdBy) === principal.userId) return true;
    return this.companies.contactsReachedBy(
      principal.role === 'resident'
        ? {
            scope: JurisdictionScope.forPrincipal(principal),
            resident: { userId: principal.userId, teamId: principal.teamId },
          }
        : { scope: JurisdictionScope.forPrincipal(principal) },
      String(row.id),
    );
  }

  /** The company as `principal` may read it; a full read of its contacts leaves an audit entry. */
  private async mapForReader(principal: AuthPrincipal, row: CompanyRow): Promise<CompanyResponseDto> {
    const full = await this.readsContactsInFull(principal, row);
    if (full && row.contacts.length > 0) {
      await this.audit.record(this.dataSource.manager, {
        actor: principal,
        action: 'read',
        entity: 'company',
        entityId: String(row.id),
        unit: null,
        changes: { contacts: [null, row.contacts.map((contact) => contact.name)] },
      });
    }
    return mapCompany(row, full ? 'full' : 'masked', (await this.companies.groupFacts([row])).get(String(row.id))!);
  }

  async create(principal: AuthPrincipal, dto: CompanyCreateDto): Promise<CompanyResponseDto> {
    const values = await this.validValues(dto, principal.userId);
    const id = await this.dataSource.transaction(async (manager) => {
      await this.assertNotDuplicate(manager, values, dto.confirmDistinct ?? false, null);
      await this.assertParent(manager, values, null);
      const created = await this.insertAudited(manager, principal, values);
      await this.writeAliases(manager, principal, created, [], dto.aliases ?? []);
      return created;
    });
    const row = (await this.companies.findById(id))!;
    return mapCompany(row, 'full', (await this.companies.groupFacts([row])).get(id)!);
  }

  /**
   * Companies like a name being registered (GET /companies/similar), best first: what the registration form shows
   * before a company is created, and what a 撞单 would be opened on once it has a lead.
   */
  async similarToName(query: SimilarCompaniesQueryDto): Promise<SimilarCompaniesDto> {
    const found = await this.similarTo(
      this.dataSource.manager,
      { name: query.name, creditCode: query.creditCode },
      null,
      null,
    );
    return { items: found.slice(0, query.limit).map((company): SimilarCompanyDto => ({ ...company })) };
  }

  /** Companies like an existing one (GET /companies/{id}/similar), its aliases and group included. */
  async similarToCompanyOf(id: string, limit: number): Promise<SimilarCompaniesDto> {
    const row = await this.companies.findById(id);
    if (!row) throw DomainException.notFound('Company', id);
    return { items: (await this.similarToCompany(this.dataSource.manager, id)).slice(0, limit) };
  }

  /** Companies like a stored one, inside the caller's transaction (撞单 detection on registration). */
  async similarToCompany(manager: EntityManager, id: string): Promise<SimilarCompany[]> {
    const row = await this.companies.findById(id, manager);
    if (!row) return [];
    const aliases = (await this.companies.groupFacts([row], manager)).get(id)!.aliases.map((alias) => alias.name);
    return this.similarTo(manager, { name: row.name, creditCode: row.creditCode, aliases }, id, row.parentCompanyId);
  }

  /** Candidates by index (CompaniesRepository.similarCandidates), scored by the rules and the group relation. */
  private async similarTo(
    manager: EntityManager,
    probe: ComparableCompany,
    selfId: string | null,
    parentCompanyId: string | null,
  ): Promise<SimilarCompany[]> {
    const names = [probe.name, ...(probe.aliases ?? [])];
    const forms = names.map(nameForms);
    const cores = [...new Set(forms.map((form) => form.core))];
    // A stored 字号 or alias the probe extends (by the alias rule, the wider one; scoring applies the narrower).
    const lookedUp = [...new Set(cores.flatMap((core) => corePrefixes(core, MAX_ALIAS_EXTENSION)))];
    const candidates = await this.companies.similarCandidates(
      {
        excludeId: selfId,
        creditCode: probe.creditCode ?? null,
        normalised: [...new Set(forms.map((form) => form.normalised))],
        cores: lookedUp,
        extendedCores: cores,
        parentCompanyId,
      },
      manager,
    );
    const similar = candidates.flatMap((candidate) => {
      const { reasons } = companySimilarity(probe, candidate);
      const relation = this.groupRelation(candidate, selfId, parentCompanyId);
      if (relation) reasons.push({ code: 'group', detail: relation });
      const score = scoreOf(reasons);
      return score >= SIMILAR_COMPANY_SCORE
        ? [{ id: candidate.id, name: candidate.name, creditCode: candidate.creditCode, score, reasons }]
        : [];
    });
    return similar.sort((a, b) => b.score - a.score || Number(a.id) - Number(b.id)).slice(0, SIMILAR_SHOWN);
  }

  /** How a candidate stands in the probe's group, in words (母公司, 子公司, 同一集团), if it does. */
  private groupRelation(
    candidate: SimilarCandidate,
    selfId: string | null,
    parentCompanyId: string | null,
  ): string | null {
    if (parentCompanyId && candidate.id === parentCompanyId) return '母公司';
    if (selfId && candidate.parentCompanyId === selfId)
      return candidate.parentRelation ? COMPANY_RELATION_NAMES[candidate.parentRelation] : '子公司';
    if (parentCompanyId && candidate.parentCompanyId === parentCompanyId) return '同一集团';
    return null;
  }

  async update(principal: AuthPrincipal, id: string, dto: CompanyUpdateDto): Promise<CompanyResponseDto> {
    const current = await this.companies.findById(id);
    if (!current) throw DomainException.notFound('Company', id);
    const { version, confirmDistinct, ...changes } = dto;
    if (changes.contacts !== undefined && !(await this.readsContactsInFull(principal, current)))
      throw DomainException.notPermitted(
        'contacts',
        'may be changed only by those who read them in full (the holding chain of the company’s leads, collaborators, its registrar)',
      );
    // Only the fields the body sent replace the stored ones (aliases are their own table).
    const sent = Object.fromEntries(
      Object.entries(changes).filter(([key, value]) => value !== undefined && key !== 'aliases'),
    );
    // Leaving a group clears the relation with it.
    if (changes.parentCompanyId === null && changes.parentRelation === undefined) sent.parentRelation = null;
    const merged = await this.validValues({ ...this.inputOf(current), ...sent }, current.createdBy);
    await this.dataSource.transaction(async (manager) => {
      const identityChanged =
        merged.nameNormalised !== current.nameNormalised || merged.creditCode !== current.creditCode;
      if (identityChanged) await this.assertNotDuplicate(manager, merged, confirmDistinct ?? false, id);
      if (merged.parentCompanyId !== current.parentCompanyId) await this.assertParent(manager, merged, id);
      if (!(await this.companies.updateIfVersion(manager, id, version, merged))) {
        throw DomainException.versionConflict('Company', id, await this.companies.currentVersion(id, manager));
      }
      if (changes.aliases !== undefined) {
        const before = (await this.companies.groupFacts([current], manager)).get(id)!.aliases;
        await this.writeAliases(manager, principal, id, before, changes.aliases);
      }
      await this.audit.record(manager, {
        actor: principal,
        action: 'update',
        entity: 'company',
        entityId: id,
        unit: null,
        changes: diffChanges(current, merged, AUDITED_FIELDS),
      });
    });
    return this.mapForReader(principal, (await this.companies.findById(id))!);
  }

  /**
   * The existing company a row of an import names, by credit code and then by normalised name; or a new one.
   * Runs inside the caller's transaction.
   */
  async findOrCreateForImport(
    manager: EntityManager,
    principal: AuthPrincipal,
    input: CompanyInput,
  ): Promise<{ id: string; created: boolean }> {
    const values = await this.validValues(input, principal.userId);
    const byCode = values.creditCode ? await this.companies.findByCreditCode(values.creditCode, manager) : null;
    if (byCode) return { id: String(byCode.id), created: false };
    const [byName] = await this.companies.findByNormalisedName(values.nameNormalised, manager);
    if (byName && (!values.creditCode || !byName.creditCode)) return { id: String(byName.id), created: false };
    return { id: await this.insertAudited(manager, principal, values), created: true };
  }

  private async insertAudited(
    manager: EntityManager,
    principal: AuthPrincipal,
    values: CompanyValues,
  ): Promise<string> {
    const id = await this.companies.insert(manager, values);
    await this.audit.record(manager, {
      actor: principal,
      action: 'create',
      entity: 'company',
      entityId: id,
      unit: null,
      changes: diffChanges(null, values, AUDITED_FIELDS),
    });
    return id;
  }

  /** Checks codes and references, and derives the search columns. */
  private async validValues(input: CompanyInput, createdBy: string | null): Promise<CompanyValues> {
    if (input.creditCode) {
      const problem = creditCodeProblem(input.creditCode);
      if (problem) throw DomainException.validation('creditCode', 'isCreditCode', CREDIT_CODE_MESSAGES[problem]);
    } else if (!CREDIT_CODE_OPTIONAL.includes(input.ownership)) {
      throw DomainException.validation(
        'creditCode',
        'isDefined',
        'is required unless ownership is foreign or hk_macao_taiwan',
      );
    }
    if (input.originRegionCode) await this.regionUnits.requireKnown(input.originRegionCode, 'originRegionCode');
    await this.clusterCodes.require(input.clusterCode, input.segmentCode);
    const nameNormalised = normaliseCompanyName(input.name);
    if (nameNormalised.length === 0)
      throw DomainException.validation(
        'name',
        'isCompanyName',
        'must contain more than legal-form words and punctuation',
      );
    const { full, initials } = companyNamePinyin(input.name);
    const parentCompanyId = input.parentCompanyId ?? null;
    const parentRelation = input.parentRelation ?? null;
    if (parentCompanyId && !parentRelation)
      throw DomainException.validation(
        'parentRelation',
        'isDefined',
        'is required with parentCompanyId: subsidiary or branch',
      );
    if (!parentCompanyId && parentRelation)
      throw DomainException.validation('parentRelation', 'isEmpty', 'is given only with parentCompanyId');
    return {
      name: input.name,
      nameNormalised: nameNormalised.slice(0, 128),
      nameCore: companyNameCore(input.name),
      parentCompanyId,
      parentRelation,
      namePinyin: full,
      nameInitials: initials,
      creditCode: input.creditCode ?? null,
      ownership: input.ownership,
      originRegionCode: input.originRegionCode ?? null,
      clusterCode: input.clusterCode ?? null,
      segmentCode: input.segmentCode ?? null,
      flags: input.flags ?? [],
      annualRevenue:
        input.annualRevenue === undefined || input.annualRevenue === null ? null : String(input.annualRevenue),
      employees: input.employees ?? null,
      website: input.website ?? null,
      contacts: (input.contacts ?? []).map((contact) => ({ ...contact })),
      createdBy,
    };
  }

  private inputOf(row: CompanyRow): CompanyInput {
    return {
      name: row.name,
      creditCode: row.creditCode ?? undefined,
      ownership: row.ownership,
      originRegionCode: row.originRegionCode ?? undefined,
      clusterCode: row.clusterCode ?? undefined,
      segmentCode: row.segmentCode ?? undefined,
      flags: row.flags,
      annualRevenue: row.annualRevenue === null ? undefined : Number(row.annualRevenue),
      employees: row.employees ?? undefined,
      website: row.website ?? undefined,
      contacts: row.contacts,
      parentCompanyId: row.parentCompanyId,
      parentRelation: row.parentRelation,
    };
  }

  /** The parent must exist, and must not be the company itself or below it (no cycles in a group). */
  private async assertParent(manager: EntityManager, values: CompanyValues, selfId: string | null): Promise<void> {
    const parentId = values.parentCompanyId;
    if (!parentId) return;
    if (parentId === selfId)
      throw DomainException.validation('parentCompanyId', 'notSelf', 'cannot be the company itself');
    if (!(await this.companies.findById(parentId, manager)))
      throw DomainException.validation('parentCompanyId', 'exists', `names no company (${parentId})`);
    if (selfId && (await this.companies.ancestorIds(manager, parentId)).includes(selfId))
      throw DomainException.validation('parentCompanyId', 'noCycle', 'is below this company in its group');
  }

  /** Replaces a company's aliases, audited as one change; a duplicate alias is refused by name. */
  private async writeAliases(
    manager: EntityManager,
    principal: AuthPrincipal,
    companyId: string,
    before: Array<{ name: string; kind: string }>,
    aliases: Array<{ name: string; kind: 'alias' | 'former' }>,
  ): Promise<void> {
    const names = aliases.map((alias) => alias.name);
    const repeated = names.find((name, index) => names.indexOf(name) !== index);
    if (repeated) throw DomainException.validation('aliases', 'unique', `name ${repeated} more than once`);
    await this.companies.replaceAliases(
      manager,
      companyId,
      aliases.map((alias) => ({ ...alias, nameCore: companyNameCore(alias.name) })),
    );
    const describe = (list: Array<{ name: string; kind: string }>) =>
      list.map((alias) => `${alias.kind}:${alias.name}`);
    if (describe(before).join() !== describe(aliases).join())
      await this.audit.record(manager, {
        actor: principal,
        action: 'update',
        entity: 'company',
        entityId: companyId,
        unit: null,
        changes: { aliases: [describe(before), describe(aliases)] },
      });
  }

  /** 409 DUPLICATE: the same credit code, or (unless confirmed distinct) a name that normalises the same. */
  private async assertNotDuplicate(
    manager: EntityManager,
    values: CompanyValues,
    confirmDistinct: boolean,
    selfId: string | null,
  ): Promise<void> {
    if (values.creditCode) {
      const existing = await this.companies.findByCreditCode(values.creditCode, manager);
      if (existing && String(existing.id) !== selfId) {
        throw new DomainException(
          ErrorCode.Duplicate,
          `A company with credit code ${values.creditCode} exists (id ${existing.id})`,
          [
            {
              field: 'creditCode',
              constraint: 'unique',
              message: 'belongs to an existing company',
              existingId: String(existing.id),
            },
          ],
        );
      }
    }
    if (confirmDistinct) return;
    const candidates = (await this.companies.findByNormalisedName(values.nameNormalised, manager)).filter(
      (row) => String(row.id) !== selfId,
    );
    if (candidates.length > 0) {
      throw new DomainException(
        ErrorCode.Duplicate,
        `${candidates.length} existing compan${candidates.length > 1 ? 'ies have' : 'y has'} the same name; send confirmDistinct: true if this is another company`,
        [
          {
            field: 'name',
            constraint: 'distinctName',
            message: 'matches existing companies',
            candidates: candidates.map((row) => ({
              id: String(row.id),
              name: row.name,
              creditCode: row.creditCode,
              originRegionCode: row.originRegionCode,
            })),
          },
        ],
      );
    }
  }
}
