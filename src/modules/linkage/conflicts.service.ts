import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { JurisdictionScope, lowestCommonSuperior, unitOf } from '../../core/auth/jurisdiction-scope';
import type { AuthPrincipal } from '../../core/auth/principal';
import { decodeKeyCursor, Page, toPage } from '../../core/common/pagination';
import { DomainException } from '../../core/errors/domain.exception';
import { ErrorCode } from '../../core/errors/error-codes';
import { AuditService } from '../audit/audit.service';
import { CompaniesService } from '../companies/companies.service';
import { SIMILARITY_REASON_NAMES } from '../../shared/company.constants';
import type { LeadRow } from '../leads/dto/lead.mapper';
import { leadAccessFor } from '../leads/lead-access';
import { isClosedLead } from '../../shared/lead-stages';
import { LeadReader } from '../leads/lead-reader';
import { LeadWriter } from '../leads/lead-writer';
import { LeadsService } from '../leads/leads.service';
import { NotificationsService } from '../notifications/notifications.service';
import type { ConflictEntity } from './conflict.entity';
import {
  ConflictDetailDto,
  ConflictListQueryDto,
  ConflictResolveDto,
  ConflictResponseDto,
  mapConflict,
} from './dto/linkage.dto';
import { leadLabel } from '../leads/dto/lead.mapper';
import { LinkageRepository } from './linkage.repository';
import { LinkageNames } from './linkage-names';

const TIMELINE_ENTRIES = 20;

/**
 * 撞单: two units' open leads for one company. Found when a lead is registered (created, imported, from a visit)
 * or lands in another unit (an accepted dispatch); settled by the lowest unit above both.
 */
@Injectable()
export class ConflictsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly linkage: LinkageRepository,
    private readonly leads: LeadReader,
    private readonly leadWriter: LeadWriter,
    private readonly leadsService: LeadsService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly names: LinkageNames,
    private readonly companies: CompaniesService,
  ) {}

  /** The party leads' names as the caller may read them, and the ruler's name (one query per kind per page). */
  private async conflictNames(principal: AuthPrincipal, rows: ConflictEntity[]) {
    return this.names.read(JurisdictionScope.forPrincipal(principal), {
      leadIds: rows.flatMap((row) => [row.firstLeadId, row.secondLeadId]),
      userIds: rows.map((row) => row.resolvedBy),
    });
  }

  /**
   * Opens a conflict with each other open lead for the same company or one like it (CompaniesService.similarTo:
   * similar names, aliases, its group), another unit's (撞单) or the same unit's (a duplicate), inside the caller's
   * transaction. The lead's own company is locked by the caller, so two registrations of one company always see each
   * other; companies only alike are not locked (a lock per candidate would deadlock registrations), so two alike
   * companies registered in the same instant may miss each other until either lead is next registered or moved.
   */
  async detect(manager: EntityManager, principal: AuthPrincipal, lead: LeadRow, detectedOn: string): Promise<string[]> {
    if (isClosedLead(lead)) return [];
    const companyId = String(lead.companyId);
    const similar = new Map(
      (await this.companies.similarToCompany(manager, companyId)).map((company) => [company.id, company]),
    );
    const opened: string[] = [];
    // 撞单 looks across units by design: the rival lead is in another unit's jurisdiction.
    for (const other of await this.leads.competingLeadsUnscoped(
      manager,
      [companyId, ...similar.keys()],
      String(lead.id),
    )) {
      const mine = {
        id: String(lead.id),
        companyId,
        regionCode: lead.regionCode,
        cityCode: lead.cityCode,
        createdAt: lead.createdAt,
      };
      const alike = other.companyId === companyId ? null : similar.get(other.companyId)!;
      // 首报: the earlier registration comes first (ties by id, which is the order of insertion).
      const [first, second] =
        other.createdAt < mine.createdAt ||
        (other.createdAt.getTime() === mine.createdAt.getTime() && Number(other.id) < Number(mine.id))
          ? [other, mine]
          : [mine, other];
      const arbiter = lowestCommonSuperior(unitOf(first), unitOf(second));
      const conflictId = await this.linkage.insertConflictIfNew(manager, {
        companyId: first.companyId,
        secondCompanyId: alike ? second.companyId : null,
        similarity: String(alike ? alike.score : 1),
        reasons: alike ? alike.reasons : [{ code: 'same_company', detail: '' }],
        firstLeadId: first.id,
        firstRegisteredAt: first.createdAt,
        firstRegionCode: first.regionCode,
        firstCityCode: first.cityCode,
        secondLeadId: second.id,
        secondRegisteredAt: second.createdAt,
        secondRegionCode: second.regionCode,
        secondCityCode: second.cityCode,
        arbiterRegionCode: arbiter.regionCode,
        arbiterCityCode: arbiter.cityCode,
        detectedOn,
        status: 'open',
        winnerLeadId: null,
        outcome: null,
        note: null,
        resolvedBy: null,
        resolvedAt: null,
      });
      if (!conflictId) continue;
      opened.push(conflictId);
      await this.leadWriter.setInConflict(manager, [first.id, second.id], true);
      for (const side of [first, second]) {
        await this.leadWriter.insertLinkageEvent(manager, {
          leadId: side.id,
          kind: 'conflict_opened',
          userId: principal.userId,
          data: {
            conflictId,
            otherLeadId: side === first ? second.id : first.id,
            arbiterRegionCode: arbiter.regionCode,
            ...(alike
              ? { similarity: alike.score, otherCompanyId: side === first ? second.companyId : first.companyId }
              : {}),
          },
        });
      }
      await this.audit.record(manager, {
        actor: principal,
        action: 'create',
        entity: 'lead_conflict',
        entityId: conflictId,
        unit: arbiter,
        changes: {
          firstLeadId: [null, first.id],
          secondLeadId: [null, second.id],
          arbiterRegionCode: [null, arbiter.regionCode],
          ...(alike ? { similarity: [null, alike.score] } : {}),
        },
      });
      const [firstName, secondName, arbiterName] = [
        await this.linkage.unitName(manager, first.regionCode),
        await this.linkage.unitName(manager, second.regionCode),
        await this.linkage.unitName(manager, arbiter.regionCode),
      ];
      const what = alike
        ? `相似企业（${alike.reasons.map((reason) => SIMILARITY_REASON_NAMES[reason.code]).join('、')}，相似度 ${alike.score}）`
        : '同一企业';
      const body =
        first.regionCode === second.regionCode
          ? `${firstName}有两条${what}的线索，疑似重复登记，请${arbiterName}裁定。`
          : `${firstName}（首报）与${secondName}正在跟进${what}，请${arbiterName}裁定；默认建议首报首谈。`;
      const units =
        first.regionCode === second.regionCode ? [unitOf(first), arbiter] : [unitOf(first), unitOf(second), arbiter];
      for (const unit of units) {
        await this.notifications.notifyUnit(manager, unit, ['manager'], {
          kind: 'conflict_opened',
          title: `发现撞单：${leadLabel(lead)}`,
          body,
          leadId: String(lead.id),
          subjectKind: 'conflict',
          subjectId: conflictId,
          dedupeKey: `conflict:${conflictId}:opened`,
        });
      }
    }
    return opened;
  }

  /**
   * A lead in open conflicts moved to another unit (an accepted dispatch): its side of each conflict now names the
   * new holder, and the arbiter is recomputed, so a unit never rules on its own lead. The new arbiter is told.
   */
  async followMove(manager: EntityManager, lead: LeadRow): Promise<void> {
    for (const conflict of await this.linkage.openConflictsOfLead(manager, String(lead.id))) {
      const first =
        String(conflict.firstLeadId) === String(lead.id)
          ? unitOf(lead)
          : { regionCode: conflict.firstRegionCode, cityCode: conflict.firstCityCode };
      const second =
        String(conflict.secondLeadId) === String(lead.id)
          ? unitOf(lead)
          : { regionCode: conflict.secondRegionCode, cityCode: conflict.secondCityCode };
      const arbiter = lowestCommonSuperior(first, second);
      await this.linkage.updateConflictUnits(manager, String(conflict.id), first, second, arbiter);
      if (arbiter.regionCode !== conflict.arbiterRegionCode) {
        await this.notifications.notifyUnit(manager, arbiter, ['manager'], {
          kind: 'conflict_opened',
          title: `撞单待裁定：${leadLabel(lead)}`,
          body: `线索转至${await this.linkage.unitName(manager, lead.regionCode)}后，由${await this.linkage.unitName(manager, arbiter.regionCode)}裁定。`,
          leadId: String(lead.id),
          subjectKind: 'conflict',
          subjectId: String(conflict.id),
          dedupeKey: `conflict:${conflict.id}:arbiter:${arbiter.regionCode}`,
        });
      }
    }
  }

  async list(principal: AuthPrincipal, query: ConflictListQueryDto): Promise<Page<ConflictResponseDto>> {
    const beforeId = query.cursor ? decodeKeyCursor(query.cursor) : undefined;
    const scope = JurisdictionScope.forPrincipal(principal);
    const filter = { status: query.status, leadId: query.leadId };
    const [rows, total] = await Promise.all([
      this.linkage.listConflicts(scope, filter, beforeId, query.limit),
      query.withTotal ? this.linkage.countConflicts(scope, filter) : Promise.resolve(undefined),
    ]);
    const names = await this.conflictNames(principal, rows);
    return toPage(
      rows,
      query.limit,
      (row) => [String(row.id)],
      (row) => mapConflict(row, names),
      total,
    );
  }

  async get(principal: AuthPrincipal, id: string): Promise<ConflictDetailDto> {
    const conflict = await this.requireVisible(principal, id);
    const sides = [];
    for (const leadId of [String(conflict.firstLeadId), String(conflict.secondLeadId)]) {
      const lead = await this.leads.scoped(leadAccessFor(principal)).find(leadId);
      sides.push({
        leadId,
        lead: lead ? await this.leadsService.viewOf(principal, lead) : null,
        timeline: lead ? (await this.leadsService.timeline(principal, leadId, { limit: TIMELINE_ENTRIES })).items : [],
      });
    }
    return { ...mapConflict(conflict, await this.conflictNames(principal, [conflict])), sides };
  }

  async resolve(principal: AuthPrincipal, id: string, dto: ConflictResolveDto): Promise<ConflictResponseDto> {
    const conflict = await this.requireVisible(principal, id);
    const arbiter = { regionCode: conflict.arbiterRegionCode, cityCode: conflict.arbiterCityCode };
    if (principal.role !== 'admin' && !JurisdictionScope.forPrincipal(principal).contains(arbiter)) {
      throw new DomainException(
        ErrorCode.Forbidden,
        `Only the managers of ${arbiter.regionCode} (the common superior) or above resolve this conflict`,
      );
    }
    if (dto.outcome === 'distinct_projects') return this.ruleDistinct(principal, conflict, dto);
    if (dto.outcome === 'co_handle' && conflict.firstRegionCode === conflict.secondRegionCode)
      throw DomainException.validation(
        'outcome',
        'isOtherUnit',
        'co_handle shares a lead with the other unit; both leads are one unit’s here: choose winner_takes or distinct_projects',
      );
    const winnerId = dto.winnerLeadId;
    if (!winnerId)
      throw DomainException.validation('winnerLeadId', 'isDefined', `is required for the outcome ${dto.outcome}`);
    if (winnerId !== String(conflict.firstLeadId) && winnerId !== String(conflict.secondLeadId)) {
      throw DomainException.validation(
        'winnerLeadId',
        'isParty',
        `must be ${conflict.firstLeadId} or ${conflict.secondLeadId}`,
      );
    }
    const loserId =
      winnerId === String(conflict.firstLeadId) ? String(conflict.secondLeadId) : String(conflict.firstLeadId);
    await this.dataSource.transaction(async (manager) => {
      await this.lockOpen(manager, conflict, dto.version);
      const [winner, loser] = [
        // The ruling arbiter was authorised on the conflict, which names both leads.
        await this.leads.findByIdUnscoped(winnerId, manager, true),
        await this.leads.findByIdUnscoped(loserId, manager, true),
      ];
      if (!winner || !loser) throw DomainException.notFound('Lead', !winner ? winnerId : loserId);
      if (winner.mergedIntoLeadId || winner.stage === 'lost') {
        throw new DomainException(
          ErrorCode.Conflict,
          `Lead ${winnerId} is closed (${winner.mergedIntoLeadId ? `merged into ${winner.mergedIntoLeadId}` : 'lost'}) and cannot win`,
          [{ field: 'winnerLeadId', constraint: 'isOpen', message: 'the chosen lead is closed' }],
        );
      }
      await this.leadsService.closeByConflict(manager, principal, loser, winnerId, dto.note ?? null);
      if (dto.outcome === 'co_handle') {
        const note = `撞单裁定联合跟进（#${id}）`;
        await this.leadWriter.addParticipant(manager, {
          leadId: winnerId,
          regionCode: loser.regionCode,
          cityCode: loser.cityCode,
          role: 'collaborator',
          note,
          addedBy: principal.userId,
        });
        await this.leadWriter.insertLinkageEvent(manager, {
          leadId: winnerId,
          kind: 'collaborator_added',
          userId: principal.userId,
          data: { regionCode: loser.regionCode, conflictId: id },
        });
        await this.audit.record(manager, {
          actor: principal,
          action: 'create',
          entity: 'lead_collaborator',
          entityId: `${winnerId}-${loser.regionCode}`,
          unit: winner,
          changes: { regionCode: [null, loser.regionCode], note: [null, note] },
        });
      }
      await this.linkage.resolveConflict(manager, id, {
        winnerLeadId: winnerId,
        outcome: dto.outcome,
        note: dto.note ?? null,
        resolvedBy: principal.userId,
        resolvedAt: new Date(),
      });
      // The loser's other open conflicts are moot now that it is closed; the winner takes its place in them.
      for (const other of await this.linkage.openConflictsOfLead(manager, loserId)) {
        await this.linkage.resolveConflict(manager, String(other.id), {
          note: `由裁定 #${id} 关闭：线索 ${loserId} 已并入 ${winnerId}`,
          resolvedBy: principal.userId,
          resolvedAt: new Date(),
        });
        const otherLeadId =
          String(other.firstLeadId) === loserId ? String(other.secondLeadId) : String(other.firstLeadId);
        await this.clearSettled(manager, [otherLeadId]);
      }
      // Re-read of the winner just written in this transaction.
      await this.detect(manager, principal, (await this.leads.findByIdUnscoped(winnerId, manager))!, 'ruling');
      await this.clearSettled(manager, [winnerId, loserId]);
      for (const leadId of [winnerId, loserId]) {
        await this.leadWriter.insertLinkageEvent(manager, {
          leadId,
          kind: 'conflict_resolved',
          userId: principal.userId,
          data: { conflictId: id, winnerLeadId: winnerId, outcome: dto.outcome, note: dto.note ?? null },
        });
      }
      await this.audit.record(manager, {
        actor: principal,
        action: 'update',
        entity: 'lead_conflict',
        entityId: id,
        unit: arbiter,
        changes: { status: ['open', 'resolved'], winnerLeadId: [null, winnerId], outcome: [null, dto.outcome] },
      });
      for (const side of [winner, loser]) {
        await this.notifications.notifyUnit(manager, unitOf(side), ['manager', 'officer'], {
          kind: 'conflict_resolved',
          title: `撞单已裁定：${leadLabel(winner)}`,
          body:
            dto.outcome === 'co_handle'
              ? '裁定联合跟进：另一方作为协同单位参与。'
              : '裁定由一方承办，另一方线索已关闭。',
          leadId: String(side.id),
          subjectKind: 'conflict',
          subjectId: id,
          dedupeKey: `conflict:${id}:resolved`,
        });
      }
    });
    return this.view(principal, id);
  }

  /**
   * The third ruling: not one project registered twice but two (two plants of one group, a parent's and a
   * subsidiary's): both leads stay open with their units, the conflict closes with the reason, and the pair is never
   * flagged again (a pair is a conflict once: uq_lead_conflicts_pair).
   */
  private async ruleDistinct(
    principal: AuthPrincipal,
    conflict: ConflictEntity,
    dto: ConflictResolveDto,
  ): Promise<ConflictResponseDto> {
    const id = String(conflict.id);
    if (dto.winnerLeadId)
      throw DomainException.notPermitted('winnerLeadId', 'is not given for distinct projects: both leads stay');
    if (!dto.note) throw DomainException.validation('note', 'isDefined', 'must say why the two are distinct projects');
    const leadIds = [String(conflict.firstLeadId), String(conflict.secondLeadId)];
    await this.dataSource.transaction(async (manager) => {
      await this.lockOpen(manager, conflict, dto.version);
      await this.linkage.resolveConflict(manager, id, {
        winnerLeadId: null,
        outcome: 'distinct_projects',
        note: dto.note,
        resolvedBy: principal.userId,
        resolvedAt: new Date(),
      });
      await this.clearSettled(manager, leadIds);
      // The ruling arbiter was authorised on the conflict, which names both leads.
      const sides = await Promise.all(leadIds.map((leadId) => this.leads.findByIdUnscoped(leadId, manager)));
      for (const leadId of leadIds) {
        await this.leadWriter.insertLinkageEvent(manager, {
          leadId,
          kind: 'conflict_resolved',
          userId: principal.userId,
          data: { conflictId: id, winnerLeadId: null, outcome: 'distinct_projects', note: dto.note },
        });
      }
      await this.audit.record(manager, {
        actor: principal,
        action: 'update',
        entity: 'lead_conflict',
        entityId: id,
        unit: { regionCode: conflict.arbiterRegionCode, cityCode: conflict.arbiterCityCode },
        changes: { status: ['open', 'resolved'], outcome: [null, 'distinct_projects'], note: [null, dto.note] },
      });
      for (const side of sides) {
        if (!side) continue;
        await this.notifications.notifyUnit(manager, unitOf(side), ['manager', 'officer'], {
          kind: 'conflict_resolved',
          title: `撞单已裁定：${leadLabel(side)}`,
          body: `裁定为不同项目，双方线索均保留、各自跟进。理由：${dto.note}`,
          leadId: String(side.id),
          subjectKind: 'conflict',
          subjectId: id,
          dedupeKey: `conflict:${id}:resolved`,
        });
      }
    });
    return this.view(principal, id);
  }

  /**
   * Locks a conflict for a ruling: both parties' companies first, as every registration and move of their leads
   * takes them (one lock order, no deadlock), then the conflict, which must still be open and at `version` if given.
   */
  private async lockOpen(manager: EntityManager, conflict: ConflictEntity, version: number | undefined): Promise<void> {
    const id = String(conflict.id);
    await this.lockCompanies(manager, conflict);
    const current = (await this.linkage.findConflict(id, manager, true))!;
    if (version !== undefined && current.version !== version)
      throw DomainException.versionConflict('Conflict', id, current.version);
    if (current.status !== 'open') throw new DomainException(ErrorCode.Conflict, `Conflict ${id} is already resolved`);
  }

  /** Leads left in no open conflict lose their flag. */
  private async clearSettled(manager: EntityManager, leadIds: string[]): Promise<void> {
    const stillOpen = await this.linkage.leadsInOpenConflicts(manager, leadIds);
    await this.leadWriter.setInConflict(
      manager,
      leadIds.filter((leadId) => !stillOpen.has(leadId)),
      false,
    );
  }

  private async view(principal: AuthPrincipal, id: string): Promise<ConflictResponseDto> {
    const conflict = (await this.linkage.findConflict(id))!;
    return mapConflict(conflict, await this.conflictNames(principal, [conflict]));
  }

  /** Both parties' companies, in id order (a conflict of alike companies names two). */
  private async lockCompanies(manager: EntityManager, conflict: ConflictEntity): Promise<void> {
    const ids = [String(conflict.companyId), ...(conflict.secondCompanyId ? [String(conflict.secondCompanyId)] : [])];
    for (const id of ids.sort((a, b) => Number(a) - Number(b))) await this.leadWriter.lockCompany(manager, id);
  }

  /** A conflict the caller may see: one of its parties is inside their jurisdiction (404 otherwise). */
  private async requireVisible(principal: AuthPrincipal, id: string): Promise<ConflictEntity> {
    const conflict = await this.linkage.findConflict(id);
    const scope = JurisdictionScope.forPrincipal(principal);
    const visible =
      conflict &&
      scope.containsAny(
        { regionCode: conflict.firstRegionCode, cityCode: conflict.firstCityCode },
        { regionCode: conflict.secondRegionCode, cityCode: conflict.secondCityCode },
      );
    if (!visible) throw DomainException.notFound('Conflict', id);
    return conflict;
  }
}
