import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { JurisdictionScope, UnitRef, unitOf } from '../../core/auth/jurisdiction-scope';
import type { AuthPrincipal } from '../../core/auth/principal';
import { decodeCursor, decodeKeyCursor, encodeCursor, Page, PageQueryDto, toPage } from '../../core/common/pagination';
import { decimalToNumber } from '../../core/common/validators';
import type { AppConfig } from '../../core/config/app-config';
import { InjectConfig } from '../../core/config/config.module';
import { afterCommit } from '../../core/database/after-commit';
import { enqueue, freeJobId } from '../../core/queue/enqueue';
import { JobName, QueueName } from '../../core/queue/queue.constants';
import { DomainException } from '../../core/errors/domain.exception';
import { ErrorCode } from '../../core/errors/error-codes';
import { diffChanges } from '../audit/audit-changes';
import { AuditService } from '../audit/audit.service';
import { ClusterCodes } from '../clusters/cluster-codes';
import type { LeadRow } from '../leads/dto/lead.mapper';
import { leadAccessFor } from '../leads/lead-access';
import type { LeadChanged, LeadInserted } from '../leads/lead-effects';
import { CompaniesRepository } from '../companies/companies.repository';
import { LeadWriter } from '../leads/lead-writer';
import { isSigned } from '../../shared/lead-stages';
import { LeadsService } from '../leads/leads.service';
import { leadLabel } from '../leads/dto/lead.mapper';
import { RegionUnits } from '../regions/region-units';
import {
  ChainMapDto,
  ChainQueryDto,
  LeadMatchListDto,
  MatchProfileDto,
  MatchQueryDto,
  ParkCompanyCreateDto,
  ParkCompanyDto,
  ParkCreateDto,
  ParkDetailDto,
  ParkListQueryDto,
  ParkMatchListDto,
  ParkResponseDto,
  ParkUpdateDto,
} from './dto/park.dto';
import { Catalog, ParkCatalog } from './matching/park-catalog';
import { exclusionOf, keyOf, MatchProfile, MatchWeights, RankKey, rankParks, scorePark } from './matching/park-scorer';
import type { ParkEntity } from './park.entity';
import { occupancyOf, ParkChanges, ParksRepository, ParkSearchHit, ParkValues } from './parks.repository';

const AUDITED_FIELDS = [
  'name',
  'kind',
  'landAvailableMu',
  'factoryAvailableSqm',
  'factoryPlannedSqm',
  'readyRoad',
  'readyWater',
  'readyPower',
  'readyGas',
  'readyNetwork',
  'readyLevelled',
  'portAccess',
  'railAccess',
  'hazardousChemicalsAllowed',
  'focus',
  'incentives',
  'contactUnit',
] as const;
const OPEN_LEAD_LIMIT = 2000;
export const FIT_REFRESH_JOB_ID = 'park-fit-refresh';
const FIT_REFRESH_DELAY_MS = 60_000;
const MAX_FIT_PASSES = 3;
const FILLING_LEADS_PER_GAP = 20;
const decimal = (value: number | null | undefined): string | null | undefined =>
  value === undefined ? undefined : value === null ? null : String(value);

/** Parks (园区), their capacity and chains, and company-to-park matching that explains itself. */
@Injectable()
export class ParksService {
  private readonly weights: MatchWeights;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly parks: ParksRepository,
    private readonly companies: CompaniesRepository,
    private readonly catalog: ParkCatalog,
    private readonly clusterCodes: ClusterCodes,
    private readonly regionUnits: RegionUnits,
    private readonly leadsService: LeadsService,
    private readonly leadWriter: LeadWriter,
    private readonly audit: AuditService,
    @InjectQueue(QueueName.Parks) private readonly parksQueue: Queue,
    @InjectConfig() config: AppConfig,
  ) {
    this.weights = config.matchWeights as unknown as MatchWeights;
  }

  // Parks -----------------------------------------------------------------------------------------------------

  async list(query: ParkListQueryDto): Promise<Page<ParkResponseDto>> {
    const unit = query.regionCode ? JurisdictionScope.of(await this.regionUnits.require(query.regionCode)) : undefined;
    if (query.clusterCode) await this.clusterCodes.require(query.clusterCode, null);
    const beforeId = query.cursor ? decodeKeyCursor(query.cursor) : undefined;
    const rows = await this.parks.list(
      { unit, clusterCode: query.clusterCode, kind: query.kind, q: query.q },
      beforeId,
      query.limit,
    );
    const page = toPage(
      rows,
      query.limit,
      (row) => [String(row.id)],
      (row) => row,
    );
    return { ...page, items: page.items.map((row) => mapPark(row)) };
  }

  /** The header search's parks (GET /search): public to read, like the list. */
  search(q: string, limit: number): Promise<ParkSearchHit[]> {
    return this.parks.search(q, limit);
  }

  async get(id: string): Promise<ParkDetailDto> {
    const detail = await this.parks.detail(id);
    if (!detail) throw DomainException.notFound('Park', id);
    return {
      ...mapPark(detail.park),
      clusterCodes: detail.clusters.filter((row) => row.isPrimary).map((row) => row.clusterCode),
      secondaryClusterCodes: detail.clusters.filter((row) => !row.isPrimary).map((row) => row.clusterCode),
      segmentCodes: detail.segments,
      companies: detail.companies,
    };
  }

  /** A park's resident companies, paged (the detail shows the first 500). Parks are public to read. */
  async residents(id: string, query: PageQueryDto): Promise<Page<ParkCompanyDto>> {
    await this.requirePark(id);
    const after = query.cursor ? decodeKeyCursor(query.cursor) : undefined;
    const rows = await this.parks.residents(id, after, query.limit);
    return toPage(
      rows,
      query.limit,
      (row) => [row.companyId],
      (row) => row,
    );
  }

  async create(principal: AuthPrincipal, dto: ParkCreateDto): Promise<ParkDetailDto> {
    const unit = await this.editableUnit(principal, dto.regionCode);
    await this.checkCodes(dto);
    const values: ParkValues = {
      code: null,
      name: dto.name,
      regionCode: unit.regionCode,
      cityCode: unit.cityCode!,
      kind: dto.kind ?? null,
      landAvailableMu: decimal(dto.landAvailableMu) ?? null,
      factoryAvailableSqm: decimal(dto.factoryAvailableSqm) ?? null,
      factoryPlannedSqm: decimal(dto.factoryPlannedSqm) ?? null,
      readyRoad: dto.readiness?.road ?? false,
      readyWater: dto.readiness?.water ?? false,
      readyPower: dto.readiness?.power ?? false,
      readyGas: dto.readiness?.gas ?? false,
      readyNetwork: dto.readiness?.network ?? false,
      readyLevelled: dto.readiness?.levelled ?? false,
      portAccess: dto.portAccess ?? false,
      railAccess: dto.railAccess ?? false,
      hazardousChemicalsAllowed: dto.hazardousChemicalsAllowed ?? false,
      focus: dto.focus ?? null,
      incentives: dto.incentives ?? null,
      contactUnit: dto.contactUnit ?? null,
    };
    const id = await this.dataSource.transaction(async (manager) => {
      const parkId = await this.parks.insert(manager, values);
      await this.parks.replaceClusters(manager, parkId, dto.clusterCodes ?? [], dto.secondaryClusterCodes ?? []);
      await this.parks.replaceSegments(manager, parkId, dto.segmentCodes ?? []);
      await this.audit.record(manager, {
        actor: principal,
        action: 'create',
        entity: 'park',
        entityId: parkId,
        unit,
        changes: {
          ...diffChanges(null, values, AUDITED_FIELDS),
          clusterCodes: [null, dto.clusterCodes ?? []],
          segmentCodes: [null, dto.segmentCodes ?? []],
        },
      });
      await this.scheduleFitRefresh(manager);
      return parkId;
    });
    return this.get(id);
  }

  async update(principal: AuthPrincipal, id: string, dto: ParkUpdateDto): Promise<ParkDetailDto> {
    const current = await this.requirePark(id);
    await this.editableUnit(principal, current.regionCode);
    if (dto.version !== current.version) throw DomainException.versionConflict('Park', id, current.version);
    const before = await this.get(id);
    await this.checkCodes(dto, before);
    const changes: ParkChanges = {};
    if (dto.name !== undefined) changes.name = dto.name;
    if (dto.kind !== undefined) changes.kind = dto.kind;
    if (dto.landAvailableMu !== undefined) changes.landAvailableMu = decimal(dto.landAvailableMu)!;
    if (dto.factoryAvailableSqm !== undefined) changes.factoryAvailableSqm = decimal(dto.factoryAvailableSqm)!;
    if (dto.factoryPlannedSqm !== undefined) changes.factoryPlannedSqm = decimal(dto.factoryPlannedSqm)!;
    if (dto.readiness) {
      Object.assign(changes, {
        readyRoad: dto.readiness.road,
        readyWater: dto.readiness.water,
        readyPower: dto.readiness.power,
        readyGas: dto.readiness.gas,
        readyNetwork: dto.readiness.network,
        readyLevelled: dto.readiness.levelled,
      });
    }
    if (dto.portAccess !== undefined) changes.portAccess = dto.portAccess;
    if (dto.railAccess !== undefined) changes.railAccess = dto.railAccess;
    if (dto.hazardousChemicalsAllowed !== undefined) changes.hazardousChemicalsAllowed = dto.hazardousChemicalsAllowed;
    if (dto.focus !== undefined) changes.focus = dto.focus;
    if (dto.incentives !== undefined) changes.incentives = dto.incentives;
    if (dto.contactUnit !== undefined) changes.contactUnit = dto.contactUnit;
    const listsChanged =
      dto.clusterCodes !== undefined || dto.secondaryClusterCodes !== undefined || dto.segmentCodes !== undefined;
    if (Object.keys(changes).length === 0 && !listsChanged) return before;

    await this.dataSource.transaction(async (manager) => {
      if (!(await this.parks.updateIfVersion(manager, id, dto.version, changes)))
        throw DomainException.versionConflict('Park', id, await this.parks.currentVersion(id, manager));
      if (dto.clusterCodes !== undefined || dto.secondaryClusterCodes !== undefined) {
        await this.parks.replaceClusters(
          manager,
          id,
          dto.clusterCodes ?? before.clusterCodes,
          dto.secondaryClusterCodes ?? before.secondaryClusterCodes,
        );
      }
      if (dto.segmentCodes !== undefined) await this.parks.replaceSegments(manager, id, dto.segmentCodes);
      await this.audit.record(manager, {
        actor: principal,
        action: 'update',
        entity: 'park',
        entityId: id,
        unit: current,
        changes: {
          ...diffChanges(current, { ...current, ...changes }, AUDITED_FIELDS),
          ...(dto.clusterCodes !== undefined ? { clusterCodes: [before.clusterCodes, dto.clusterCodes] } : {}),
          ...(dto.secondaryClusterCodes !== undefined
            ? { secondaryClusterCodes: [before.secondaryClusterCodes, dto.secondaryClusterCodes] }
            : {}),
          ...(dto.segmentCodes !== undefined ? { segmentCodes: [before.segmentCodes, dto.segmentCodes] } : {}),
        },
      });
      await this.scheduleFitRefresh(manager);
    });
    return this.get(id);
  }

  async addCompany(principal: AuthPrincipal, id: string, dto: ParkCompanyCreateDto): Promise<ParkDetailDto> {
    const park = await this.requirePark(id);
    await this.editableUnit(principal, park.regionCode);
    if (!(await this.companies.findById(dto.companyId)))
      throw DomainException.validation('companyId', 'exists', 'is not a known company');
    if (dto.segmentCode)
      await this.clusterCodes.require(dto.segmentCode.split('.')[0], dto.segmentCode, {
        cluster: 'segmentCode',
        segment: 'segmentCode',
      });
    await this.dataSource.transaction(async (manager) => {
      await this.parks.lockPark(manager, id);
      const added = await this.parks.addCompany(manager, id, dto.companyId, dto.segmentCode ?? null);
      await this.parks.touch(manager, id);
      await this.audit.record(manager, {
        actor: principal,
        action: added ? 'create' : 'update',
        entity: 'park_company',
        entityId: `${id}-${dto.companyId}`,
        unit: park,
        changes: { segmentCode: [null, dto.segmentCode ?? null] },
      });
      await this.scheduleFitRefresh(manager);
    });
    return this.get(id);
  }

  async removeCompany(principal: AuthPrincipal, id: string, companyId: string): Promise<void> {
    const park = await this.requirePark(id);
    await this.editableUnit(principal, park.regionCode);
    await this.dataSource.transaction(async (manager) => {
      await this.parks.lockPark(manager, id);
      if (!(await this.parks.removeCompany(manager, id, companyId)))
        throw DomainException.notFound('Resident company', companyId);
      await this.parks.touch(manager, id);
      await this.audit.record(manager, {
        actor: principal,
        action: 'delete',
        entity: 'park_company',
        entityId: `${id}-${companyId}`,
        unit: park,
        changes: { companyId: [companyId, null] },
      });
      await this.scheduleFitRefresh(manager);
    });
  }

  // Matching --------------------------------------------------------------------------------------------------

  async matchLead(principal: AuthPrincipal, leadId: string, query: MatchQueryDto): Promise<ParkMatchListDto> {
    const lead = await this.leadsService.requireVisible(principal, leadId);
    return this.match(profileOf(lead), query.regionCode, query.limit, query.cursor);
  }

  async matchProfile(dto: MatchProfileDto): Promise<ParkMatchListDto> {
    await this.clusterCodes.require(dto.clusterCode, dto.segmentCode ?? null);
    return this.match(dto, dto.regionCode, dto.limit ?? 10);
  }

  private async match(
    profile: MatchProfile,
    regionCode: string | undefined,
    limit: number,
    cursor?: string,
  ): Promise<ParkMatchListDto> {
    const after = cursor ? rankKeyFromCursor(cursor) : undefined;
    const scope = regionCode ? JurisdictionScope.of(await this.regionUnits.require(regionCode)) : undefined;
    const catalog = await this.catalog.current();
    const ranking = rankParks(profile, parksWithin(catalog, scope), catalog.context, this.weights, limit + 1, after);
    const more = ranking.items.length > limit;
    const kept = more ? ranking.items.slice(0, limit) : ranking.items;
    const last = more ? keyOf(kept[kept.length - 1]) : undefined;
    return {
      nextCursor: last ? encodeCursor([last.score, last.headroom, last.name, last.id]) : null,
      items: kept.map((item) => ({
        park: {
          id: item.park.id,
          name: item.park.name,
          regionCode: catalog.regionOf.get(item.park.id)!,
          cityCode: item.park.cityCode,
        },
        score: item.score,
        reasons: item.reasons,
      })),
      excluded: ranking.excluded,
    };
  }

  /** Open leads in the caller's jurisdiction ranked for one park (its clusters only; excluded ones left out). */
  async leadMatches(principal: AuthPrincipal, parkId: string, query: MatchQueryDto): Promise<LeadMatchListDto> {
    await this.requirePark(parkId);
    const catalog = await this.catalog.current();
    const park = catalog.byId.get(parkId);
    if (!park) throw DomainException.notFound('Park', parkId);
    const after = query.cursor ? decodeCursor(query.cursor, 2) : undefined;
    if (after && (typeof after[0] !== 'number' || typeof after[1] !== 'string')) throw invalidCursor();
    const clusters = [...park.primaryClusters, ...park.secondaryClusters];
    if (clusters.length === 0) return { items: [], nextCursor: null };
    const leads = await this.openLeads(principal, {
      clusterCodes: clusters,
      unit: JurisdictionScope.forPrincipal(principal),
    });
    // Best first, then the newest lead; a later page starts after the previous page's last (score, lead id).
    const ranked = leads
      .filter((lead) => !exclusionOf(profileOf(lead), park))
      .map((lead) => ({ lead, result: scorePark(profileOf(lead), park, catalog.context, this.weights) }))
      .filter(
        ({ lead, result }) =>
          !after ||
          result.score < Number(after[0]) ||
          (result.score === Number(after[0]) && Number(lead.id) < Number(after[1])),
      )
      .sort((a, b) => b.result.score - a.result.score || Number(b.lead.id) - Number(a.lead.id));
    const items = ranked.slice(0, query.limit);
    const last = items[items.length - 1];
    return {
      nextCursor: ranked.length > query.limit ? encodeCursor([last.result.score, String(last.lead.id)]) : null,
      items: items.map(({ lead, result }) => ({
        leadId: String(lead.id),
        title: leadLabel(lead),
        regionCode: lead.regionCode,
        stage: lead.stage,
        score: result.score,
        reasons: result.reasons,
      })),
    };
  }

  /** The chain of a cluster in a unit: which links its parks host (and by whom), which are missing, which leads would fill them. */
  async chain(principal: AuthPrincipal, clusterCode: string, query: ChainQueryDto): Promise<ChainMapDto> {
    await this.clusterCodes.require(clusterCode, null, { cluster: 'code', segment: 'code' });
    const unit = await this.regionUnits.require(query.regionCode ?? principal.regionCode);
    const scope = JurisdictionScope.of(unit);
    const catalog = await this.catalog.current();
    const parks = parksWithin(catalog, scope);
    const segments = [...catalog.context.segmentCluster.entries()]
      .filter(([, cluster]) => cluster === clusterCode)
      .map(([code]) => code);
    const companies = parks.length
      ? await this.parks.residentsInSegments(
          parks.map((park) => park.id),
          segments,
        )
      : [];
    const gaps = segments.filter((segment) => !parks.some((park) => park.segments.has(segment)));
    const filling = gaps.length ? await this.openLeads(principal, { segmentCodes: gaps, unit: scope }) : [];
    return {
      clusterCode,
      regionCode: unit.regionCode,
      gaps,
      segments: segments.map((segment) => ({
        segmentCode: segment,
        name: catalog.context.segmentName.get(segment) ?? segment,
        position: catalog.context.segmentPosition.get(segment) ?? 'midstream',
        covered: !gaps.includes(segment),
        parkIds: parks.filter((park) => park.segments.has(segment)).map((park) => park.id),
        parks: parks.filter((park) => park.segments.has(segment)).map((park) => ({ id: park.id, name: park.name })),
        companies: companies
          .filter((row) => row.segmentCode === segment)
          .map((row) => ({
            companyId: String(row.companyId),
            companyName: row.companyName,
            segmentCode: row.segmentCode,
          })),
        fillingLeads: filling
          .filter((lead) => lead.segmentCode === segment)
          .slice(0, FILLING_LEADS_PER_GAP)
          .map((lead) => ({
            leadId: String(lead.id),
            title: leadLabel(lead),
            regionCode: lead.regionCode,
            stage: lead.stage,
          })),
      })),
    };
  }

  // Lead effects (ParksLeadEffect): fit at intake, reservations on signing ------------------------------------

  async afterLeadInserted({ manager, lead }: LeadInserted): Promise<void> {
    await this.refreshFit(manager, lead);
  }

  async afterLeadChanged({ manager, principal, before, changes }: LeadChanged): Promise<void> {
    const lead = { ...before, ...changes } as LeadRow;
    const fitInputs = ['clusterCode', 'segmentCode', 'landNeedMu', 'factoryNeedSqm', 'regionCode'] as const;
    if (fitInputs.some((field) => changes[field] !== undefined)) await this.refreshFit(manager, lead);

    // A signed project holds its land and factory need in its park; lost (or moved elsewhere), it gives them back.
    let held = await this.parks.findReservation(manager, String(lead.id));
    if (held?.status !== 'active') held = null;
    const signedInto = isSigned(lead.stage, lead.stageBeforeHold) && lead.parkId ? String(lead.parkId) : null;
    const needsChanged = changes.landNeedMu !== undefined || changes.factoryNeedSqm !== undefined;
    if (held && (String(held.parkId) !== signedInto || needsChanged)) {
      await this.parks.release(manager, held);
      await this.auditCapacity(
        manager,
        principal,
        String(held.parkId),
        'released',
        String(lead.id),
        Number(held.landMu),
        Number(held.factorySqm),
      );
      await this.scheduleFitRefresh(manager);
      held = null;
    }
    if (signedInto && !held) {
      const taken = await this.parks.reserve(
        manager,
        String(lead.id),
        signedInto,
        decimalToNumber(lead.landNeedMu) ?? 0,
        decimalToNumber(lead.factoryNeedSqm) ?? 0,
      );
      await this.auditCapacity(
        manager,
        principal,
        signedInto,
        'reserved',
        String(lead.id),
        taken.landMu,
        taken.factorySqm,
      );
      await this.scheduleFitRefresh(manager);
    }
  }

  /** Capacity a signing took or a loss gave back, in the park's own audit trail (its unit's managers read it). */
  private async auditCapacity(
    manager: EntityManager,
    principal: AuthPrincipal,
    parkId: string,
    change: 'reserved' | 'released',
    leadId: string,
    landMu: number,
    factorySqm: number,
  ): Promise<void> {
    // Any unit: the capacity change was authorised with the signing that caused it.
    const park = await this.parks.findByIdUnscoped(parkId, manager);
    await this.audit.record(manager, {
      actor: principal,
      action: 'update',
      entity: 'park',
      entityId: parkId,
      unit: park ? unitOf(park) : null,
      changes: { [change]: [null, { leadId, landMu, factorySqm }] },
    });
  }

  /**
   * Re-scores every open lead's fit against the parks as they are now (after parks were added or changed), a page
   * of leads at a time; returns how many leads were scored.
   */
  async refreshAllFits(
    pageSize = 1000,
    onProgress?: (scored: number, total: number) => Promise<void>,
  ): Promise<number> {
    let scored = 0;
    // Parks edited while a pass runs are scored by another pass (a few at most: edits are rare, passes take seconds).
    for (let pass = 0; pass < MAX_FIT_PASSES; pass++) {
      const stamp = await this.parks.catalogStamp();
      const catalog = await this.catalog.current();
      const total = await this.parks.countOpenLeads();
      let afterId = '0';
      scored = 0;
      for (;;) {
        const leads = await this.parks.openLeadProfiles(afterId, pageSize);
        if (leads.length === 0) break;
        afterId = String(leads[leads.length - 1].id);
        // The nightly refresh scores every open lead, whoever holds it.
        await this.leadWriter.setFitsUnscoped(
          leads.map((lead) => ({ id: String(lead.id), version: lead.version, ...this.bestFit(catalog, lead) })),
        );
        scored += leads.length;
        await onProgress?.(scored, total);
      }
      if ((await this.parks.catalogStamp()) === stamp) break;
    }
    return scored;
  }

  /**
   * Parks changed: every open lead's fit is re-scored by a job a minute later, so a burst of park edits costs one
   * pass (the job's fixed id makes later requests within the minute join the waiting one).
   */
  private async scheduleFitRefresh(manager: EntityManager): Promise<void> {
    await afterCommit(manager, async () => {
      // One waiting already covers this change; a running one re-runs itself when parks changed during it.
      if (!(await freeJobId(this.parksQueue, FIT_REFRESH_JOB_ID))) return;
      await enqueue(
        this.parksQueue,
        JobName.ParkFitRefresh,
        {},
        { jobId: FIT_REFRESH_JOB_ID, delay: FIT_REFRESH_DELAY_MS },
      );
    });
  }

  private bestFit(
    catalog: Catalog,
    lead: Pick<LeadRow, 'clusterCode' | 'segmentCode' | 'landNeedMu' | 'factoryNeedSqm' | 'regionCode' | 'cityCode'>,
  ): { score: number | null; summary: string } {
    const ranking = rankParks(
      profileOf(lead),
      parksWithin(catalog, JurisdictionScope.of(lead)),
      catalog.context,
      this.weights,
      1,
    );
    const best = ranking.items[0];
    const excluded = ranking.excluded.reduce((sum, row) => sum + row.count, 0);
    return best
      ? { score: best.score, summary: `最佳匹配：${best.park.name}（${best.score} 分）` }
      : { score: null, summary: `本辖区暂无可承接园区${excluded ? `（排除 ${excluded} 个）` : ''}` };
  }

  /** The lead's best park score in its holding unit's jurisdiction, kept on the lead (no version bump: derived). */
  private async refreshFit(manager: EntityManager, lead: LeadRow): Promise<void> {
    // Read through the lead's transaction: a second connection per lead write would drain the pool under load.
    const fit = this.bestFit(await this.catalog.current(manager), lead);
    await this.leadWriter.setFit(manager, String(lead.id), fit);
  }

  // Helpers ---------------------------------------------------------------------------------------------------

  /** Parks are public to read; edits follow this with editableUnit (403 outside the owning unit). */
  private async requirePark(id: string): Promise<ParkEntity> {
    const park = await this.parks.findByIdUnscoped(id);
    if (!park) throw DomainException.notFound('Park', id);
    return park;
  }

  /** Parks belong to a city or county; administrators edit any, officers those of their jurisdiction. */
  private async editableUnit(principal: AuthPrincipal, regionCode: string): Promise<UnitRef> {
    const unit = await this.regionUnits.require(regionCode);
    if (unit.cityCode === null)
      throw DomainException.validation('regionCode', 'isCityOrCounty', 'must be a city or county: a park lies in one');
    if (principal.role !== 'admin' && !JurisdictionScope.forPrincipal(principal).contains(unit)) {
      throw new DomainException(
        ErrorCode.Forbidden,
        `Parks of ${unit.regionCode} are edited by its officers or administrators`,
      );
    }
    return unit;
  }

  /** `stored`: the park's lists as they are, so an update that sends only one list is checked against the other. */
  private async checkCodes(
    dto: { clusterCodes?: string[]; secondaryClusterCodes?: string[]; segmentCodes?: string[] },
    stored?: { clusterCodes: string[]; secondaryClusterCodes: string[] },
  ): Promise<void> {
    if (dto.clusterCodes) await this.clusterCodes.requireAll(dto.clusterCodes, 'clusterCodes');
    if (dto.secondaryClusterCodes)
      await this.clusterCodes.requireAll(dto.secondaryClusterCodes, 'secondaryClusterCodes');
    const primary = dto.clusterCodes ?? stored?.clusterCodes ?? [];
    const secondary = dto.secondaryClusterCodes ?? stored?.secondaryClusterCodes ?? [];
    const overlap = primary.filter((code) => secondary.includes(code));
    if (overlap.length > 0)
      throw DomainException.validation(
        'secondaryClusterCodes',
        'notPrimary',
        `must not repeat primary clusters (${overlap.join(', ')})`,
      );
    for (const segment of dto.segmentCodes ?? [])
      await this.clusterCodes.require(segment.split('.')[0], segment, {
        cluster: 'segmentCodes',
        segment: 'segmentCodes',
      });
  }

  /** Open leads the caller may see, filtered; the newest first, bounded (ranking reads them in memory). */
  private async openLeads(
    principal: AuthPrincipal,
    filter: { clusterCodes?: string[]; segmentCodes?: string[]; unit?: JurisdictionScope },
  ): Promise<LeadRow[]> {
    return this.leadsService.openForMatching(leadAccessFor(principal), filter, OPEN_LEAD_LIMIT);
  }
}

function parksWithin(catalog: Catalog, scope: JurisdictionScope | undefined) {
  if (!scope) return catalog.parks;
  return catalog.parks.filter((park) =>
    scope.contains({ regionCode: catalog.regionOf.get(park.id)!, cityCode: park.cityCode }),
  );
}

function profileOf(lead: Pick<LeadRow, 'clusterCode' | 'segmentCode' | 'landNeedMu' | 'factoryNeedSqm'>): MatchProfile {
  return {
    clusterCode: lead.clusterCode,
    segmentCode: lead.segmentCode,
    landNeedMu: decimalToNumber(lead.landNeedMu),
    factoryNeedSqm: decimalToNumber(lead.factoryNeedSqm),
  };
}

export function mapPark(row: ParkEntity): ParkResponseDto {
  const occupancy = occupancyOf(row);
  return {
    id: String(row.id),
    code: row.code,
    name: row.name,
    regionCode: row.regionCode,
    cityCode: row.cityCode,
    kind: row.kind,
    landAvailableMu: decimalToNumber(row.landAvailableMu),
    factoryAvailableSqm: decimalToNumber(row.factoryAvailableSqm),
    factoryPlannedSqm: decimalToNumber(row.factoryPlannedSqm),
    readiness: {
      road: Boolean(row.readyRoad),
      water: Boolean(row.readyWater),
      power: Boolean(row.readyPower),
      gas: Boolean(row.readyGas),
      network: Boolean(row.readyNetwork),
      levelled: Boolean(row.readyLevelled),
    },
    portAccess: Boolean(row.portAccess),
    railAccess: Boolean(row.railAccess),
    hazardousChemicalsAllowed: Boolean(row.hazardousChemicalsAllowed),
    focus: row.focus,
    incentives: row.incentives,
    contactUnit: row.contactUnit,
    version: row.version,
    updatedAt: row.updatedAt.toISOString(),
    reserved: occupancy.reserved,
    residentCount: occupancy.residentCount,
  };
}

function invalidCursor(): DomainException {
  return DomainException.validation('cursor', 'isCursor', 'is not a cursor this list returned; start again without it');
}

/** The ranking key a park-match cursor carries (score, headroom, name, id). */
function rankKeyFromCursor(cursor: string): RankKey {
  const [score, headroom, name, id] = decodeCursor(cursor, 4);
  if (typeof score !== 'number' || typeof headroom !== 'number' || typeof name !== 'string' || typeof id !== 'string')
    throw invalidCursor();
  return { score, headroom, name, id };
}
