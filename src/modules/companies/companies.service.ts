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
import { CompaniesRepository, CompanyNamedHit, CompanyValues } from './companies.repository';
import { CREDIT_CODE_OPTIONAL } from '../../shared/company.constants';
import { companyNamePinyin, normaliseCompanyName } from './company-name';
import { CREDIT_CODE_MESSAGES, creditCodeProblem } from './credit-code';
import {
  CompanyCreateDto,
  CompanyListQueryDto,
  CompanyResponseDto,
  CompanyRow,
  CompanyUpdateDto,
  mapCompany,
} from './dto/company.dto';

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
] as const;

type CompanyInput = Omit<CompanyCreateDto, 'confirmDistinct'>;

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
      return toPage(
        hits,
        query.limit,
        (hit) => [hit.score, hit.id],
        (hit) => mapCompany(rows.get(hit.id)!, 'masked'),
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
    return toPage(
      rows,
      query.limit,
      (row) => [row.id],
      (row) => mapCompany(row, 'masked'),
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
    return mapCompany(row, full ? 'full' : 'masked');
  }

  async create(principal: AuthPrincipal, dto: CompanyCreateDto): Promise<CompanyResponseDto> {
    const values = await this.validValues(dto, principal.userId);
    const id = await this.dataSource.transaction(async (manager) => {
      await this.assertNotDuplicate(manager, values, dto.confirmDistinct ?? false, null);
      return this.insertAudited(manager, principal, values);
    });
    return mapCompany((await this.companies.findById(id))!, 'full');
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
    // Only the fields the body sent replace the stored ones.
    const sent = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
    const merged = await this.validValues({ ...this.inputOf(current), ...sent }, current.createdBy);
    await this.dataSource.transaction(async (manager) => {
      const identityChanged =
        merged.nameNormalised !== current.nameNormalised || merged.creditCode !== current.creditCode;
      if (identityChanged) await this.assertNotDuplicate(manager, merged, confirmDistinct ?? false, id);
      if (!(await this.companies.updateIfVersion(manager, id, version, merged))) {
        throw DomainException.versionConflict('Company', id, await this.companies.currentVersion(id, manager));
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
    return {
      name: input.name,
      nameNormalised: nameNormalised.slice(0, 128),
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
    };
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
