import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthPrincipal } from '../../core/auth/principal';
import { decodeKeyCursor, Page, toPage } from '../../core/common/pagination';
import { StallRulesService } from '../stall-rules/stall-rules.service';
import { DomainException } from '../../core/errors/domain.exception';
import { diffChanges } from '../audit/audit-changes';
import { AuditService } from '../audit/audit.service';
import { ClusterCodes } from '../clusters/cluster-codes';
import { mapLead } from '../leads/dto/lead.mapper';
import { leadAccessFor } from '../leads/lead-access';
import { LeadReader } from '../leads/lead-reader';
import { RegionUnits } from '../regions/region-units';
import { ChamberValues, ChambersRepository } from './chambers.repository';
import {
  ChamberCreateDto,
  ChamberDetailDto,
  ChamberListQueryDto,
  ChamberResponseDto,
  ChamberUpdateDto,
  mapChamber,
} from './dto/chamber.dto';

const AUDITED_FIELDS = [
  'name',
  'kind',
  'regionCode',
  'clusterCodes',
  'contacts',
  'agreementSignedAt',
  'notes',
] as const;

/** Chambers of commerce and industry associations, and the leads they introduced. */
@Injectable()
export class ChambersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly chambers: ChambersRepository,
    private readonly leads: LeadReader,
    private readonly clusterCodes: ClusterCodes,
    private readonly regionUnits: RegionUnits,
    private readonly audit: AuditService,
    private readonly stallRules: StallRulesService,
  ) {}

  async list(query: ChamberListQueryDto): Promise<Page<ChamberResponseDto>> {
    const filter = { q: query.q, kind: query.kind, regionCode: query.regionCode };
    const beforeId = query.cursor ? decodeKeyCursor(query.cursor) : undefined;
    const [rows, total] = await Promise.all([
      this.chambers.listAfter(filter, beforeId, query.limit),
      query.withTotal ? this.chambers.count(filter) : Promise.resolve(undefined),
    ]);
    return toPage(rows, query.limit, (row) => [row.id], mapChamber, total);
  }

  /** The chamber with the leads it introduced that the caller may see, how far they got, and feedback owed. */
  async get(principal: AuthPrincipal, id: string): Promise<ChamberDetailDto> {
    const chamber = await this.chambers.findById(id);
    if (!chamber) throw DomainException.notFound('Chamber', id);
    const access = leadAccessFor(principal);
    const { leads, stageCounts, feedbackOverdue } = await this.leads.scoped(access).forChamber(id);
    const stall = this.stallRules.judge();
    return {
      ...mapChamber(chamber),
      leads: leads.map((row) => {
        const lead = mapLead(row, access.scope, { stall });
        return {
          id: lead.id,
          title: lead.title,
          companyName: lead.masked ? null : lead.companyName,
          stage: lead.stage,
          regionCode: lead.regionCode,
          chamberFeedbackDueAt: lead.chamberFeedbackDueAt,
          chamberFeedbackGivenAt: lead.chamberFeedbackGivenAt,
        };
      }),
      stageCounts,
      feedbackOverdue,
    };
  }

  async create(principal: AuthPrincipal, dto: ChamberCreateDto): Promise<ChamberResponseDto> {
    const values = await this.validValues(dto, principal.userId);
    const id = await this.dataSource.transaction(async (manager) => {
      const newId = await this.chambers.insert(manager, values);
      await this.audit.record(manager, {
        actor: principal,
        action: 'create',
        entity: 'chamber',
        entityId: newId,
        unit: null,
        changes: diffChanges(null, values, AUDITED_FIELDS),
      });
      return newId;
    });
    return mapChamber((await this.chambers.findById(id))!);
  }

  async update(principal: AuthPrincipal, id: string, dto: ChamberUpdateDto): Promise<ChamberResponseDto> {
    const current = await this.chambers.findById(id);
    if (!current) throw DomainException.notFound('Chamber', id);
    const { version, ...changes } = dto;
    const merged = await this.validValues(
      {
        name: changes.name ?? current.name,
        kind: changes.kind ?? current.kind,
        regionCode: changes.regionCode ?? current.regionCode,
        clusterCodes: changes.clusterCodes === undefined ? current.clusterCodes : changes.clusterCodes,
        contacts: changes.contacts === undefined ? current.contacts : changes.contacts,
        agreementSignedAt:
          changes.agreementSignedAt === undefined
            ? (current.agreementSignedAt ?? undefined)
            : changes.agreementSignedAt,
        notes: changes.notes === undefined ? (current.notes ?? undefined) : changes.notes,
      },
      current.createdBy,
    );
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.chambers.updateIfVersion(manager, id, version, merged))) {
        throw DomainException.versionConflict('Chamber', id, await this.chambers.currentVersion(id, manager));
      }
      await this.audit.record(manager, {
        actor: principal,
        action: 'update',
        entity: 'chamber',
        entityId: id,
        unit: null,
        changes: diffChanges(current, merged, AUDITED_FIELDS),
      });
    });
    return mapChamber((await this.chambers.findById(id))!);
  }

  private async validValues(dto: ChamberCreateDto, createdBy: string | null): Promise<ChamberValues> {
    await this.regionUnits.requireKnown(dto.regionCode, 'regionCode');
    await this.clusterCodes.requireAll(dto.clusterCodes ?? [], 'clusterCodes');
    return {
      name: dto.name,
      kind: dto.kind,
      regionCode: dto.regionCode,
      clusterCodes: dto.clusterCodes ?? [],
      contacts: (dto.contacts ?? []).map((contact) => ({ ...contact })),
      agreementSignedAt: dto.agreementSignedAt ?? null,
      notes: dto.notes ?? null,
      createdBy,
    };
  }
}
