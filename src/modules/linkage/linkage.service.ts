import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { isBelow, JurisdictionScope, parentUnit, sameUnit, UnitRef, unitOf } from '../../core/auth/jurisdiction-scope';
import type { AuthPrincipal } from '../../core/auth/principal';
import { planDeadline } from '../../core/common/deadline-calendar';
import type { DeadlineRules } from '../../core/common/deadline-calendar';
import { decodeCursor, decodeKeyCursor, Page, PageQueryDto, toPage } from '../../core/common/pagination';
import { InjectDeadlineRules } from '../../core/config/config.module';
import { DomainException } from '../../core/errors/domain.exception';
import { ErrorCode } from '../../core/errors/error-codes';
import { AuditService } from '../audit/audit.service';
import type { LeadRow } from '../leads/dto/lead.mapper';
import type { LeadChanged, LeadInserted } from '../leads/lead-effects';
import { LeadReader } from '../leads/lead-reader';
import { claimPendingError, LeadWriter } from '../leads/lead-writer';
import { CLOSED_STAGES, isClosedLead, STAGE_NAMES } from '../../shared/lead-stages';
import { LeadsService } from '../leads/leads.service';
import { NotificationsService } from '../notifications/notifications.service';
import { RegionUnits } from '../regions/region-units';
import { ConflictsService } from './conflicts.service';
import { DeadlineScheduler } from './deadline.scheduler';
import type { DispatchEntity } from './dispatch.entity';
import {
  BoardItemDto,
  CollaboratorCreateDto,
  CollaboratorResponseDto,
  DispatchAcceptDto,
  DispatchCreateDto,
  DispatchResponseDto,
  DispatchReturnDto,
  DispatchWithdrawDto,
  EscalationAnswerDto,
  EscalationCreateDto,
  EscalationResponseDto,
  mapDispatch,
  mapEscalation,
} from './dto/linkage.dto';
import type { EscalationEntity } from './escalation.entity';
import { shanghaiText } from '../../core/common/deadline-calendar';
import { leadLabel } from '../leads/dto/lead.mapper';
import { ESCALATION_NEED_NAMES } from '../../shared/linkage.constants';
import { BoardCursor, BoardFilter, BoardRow, LinkageRepository } from './linkage.repository';
import { LinkageNames } from './linkage-names';

/** A collaborator has no id of its own: the audit trail names it lead-unit. */
export const collaboratorAuditId = (leadId: string, regionCode: string): string => `${leadId}-${regionCode}`;

/**
 * Three-level linkage (三级联动): dispatching a lead between units, co-handling, escalating what a unit cannot
 * grant, and the boards each unit works from. Deadlines of each step are scheduled here and fired by the worker.
 */
@Injectable()
export class LinkageService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly linkage: LinkageRepository,
    private readonly leads: LeadReader,
    private readonly leadWriter: LeadWriter,
    private readonly leadsService: LeadsService,
    private readonly conflicts: ConflictsService,
    private readonly scheduler: DeadlineScheduler,
    private readonly notifications: NotificationsService,
    private readonly regionUnits: RegionUnits,
    private readonly audit: AuditService,
    @InjectDeadlineRules() private readonly rules: DeadlineRules,
    private readonly names: LinkageNames,
  ) {}

  /** Dispatches with the names of their sender and responder (one query per page). */
  private async dispatchNames(principal: AuthPrincipal, rows: DispatchEntity[]) {
    return this.names.read(JurisdictionScope.forPrincipal(principal), {
      userIds: rows.flatMap((row) => [row.sentBy, row.respondedBy]),
    });
  }

  private async dispatchView(principal: AuthPrincipal, row: DispatchEntity): Promise<DispatchResponseDto> {
    return mapDispatch(row, await this.dispatchNames(principal, [row]));
  }

  /** Escalations with the names of who raised and answered them (one query per page). */
  private async escalationNames(principal: AuthPrincipal, rows: EscalationEntity[]) {
    return this.names.read(JurisdictionScope.forPrincipal(principal), {
      userIds: rows.flatMap((row) => [row.raisedBy, row.answeredBy]),
    });
  }

  private async escalationView(principal: AuthPrincipal, row: EscalationEntity): Promise<EscalationResponseDto> {
    return mapEscalation(row, await this.escalationNames(principal, [row]));
  }

  /** A new lead: look for 撞单, and start the clock on the feedback owed to an introducing chamber. */
  async onLeadInserted({ manager, principal, lead, origin }: LeadInserted): Promise<void> {
    await this.conflicts.detect(manager, principal, lead, origin);
    if (lead.chamberFeedbackDueAt) {
      await this.scheduler.scheduleFor(
        manager,
        { kind: 'chamber_feedback', id: String(lead.id) },
        planDeadline(lead.stageEnteredAt, this.rules.chamberFeedback),
      );
    }
  }

  /**
   * Feedback given stops its clock; a claim's clock runs while it waits; a lead closed while a dispatch waits
   * withdraws the dispatch.
   */
  async onLeadChanged({ manager, principal, before, changes }: LeadChanged): Promise<void> {
    if (changes.chamberFeedbackGivenAt) await this.scheduler.cancel(manager, 'chamber_feedback', String(before.id));
    // 甄别确认: a claim opened starts its clock; one ruled (or withdrawn by a 撞单 ruling) stops it.
    if (changes.pendingClaimId) {
      const claimId = String(changes.pendingClaimId);
      const plan = planDeadline(new Date(), this.rules.signingConfirm);
      await this.scheduler.scheduleFor(manager, { kind: 'signing_claim', id: claimId }, plan);
      // The confirming unit's managers learn of it now, not only from the reminder.
      const holder = unitOf(before);
      await this.notifications.notifyUnit(manager, parentUnit(holder) ?? holder, ['manager'], {
        kind: 'claim_opened',
        title: `待甄别确认：${leadLabel(before)}`,
        body: `${await this.linkage.unitName(manager, holder.regionCode)}申报${STAGE_NAMES[changes.stage ?? before.stage]}，请于 ${shanghaiText(plan.dueAt)} 前确认或退回。`,
        leadId: String(before.id),
        subjectKind: 'signing_claim',
        subjectId: claimId,
        dedupeKey: `claim_opened:${claimId}`,
      });
    } else if (changes.pendingClaimId === null && before.pendingClaimId)
      await this.scheduler.cancel(manager, 'signing_claim', String(before.pendingClaimId));
    if (changes.stage && CLOSED_STAGES.includes(changes.stage)) {
      // Read again inside the transaction that holds the lead: a dispatch may have been sent since `before`.
      const pendingId = (await this.leads.findByIdUnscoped(String(before.id), manager))?.pendingDispatchId;
      const dispatch = pendingId ? await this.linkage.findDispatch(String(pendingId), manager, true) : null;
      if (dispatch?.status === 'pending')
        await this.closeDispatch(manager, principal, dispatch, 'withdrawn', {
          returnReason: `线索已${changes.stage === 'lost' ? '终止' : '投产'}`,
        });
    }
  }

  // Dispatches ------------------------------------------------------------------------------------------------

  async dispatch(principal: AuthPrincipal, leadId: string, dto: DispatchCreateDto): Promise<DispatchResponseDto> {
    const lead = await this.leadsService.requireVisible(principal, leadId);
    this.assertDispatchable(principal, lead);
    // 甄别确认: the unit above rules on the claim before the project changes hands.
    if (lead.pendingClaimId) throw claimPendingError(leadId, String(lead.pendingClaimId), 'id');
    const target = await this.regionUnits.require(dto.toRegionCode, 'toRegionCode');
    const holder = unitOf(lead);
    const parent = parentUnit(holder);
    let direction: DispatchEntity['direction'];
    if (isBelow(target, holder)) direction = 'down';
    else if (parent && sameUnit(target, parent)) direction = 'up';
    else
      throw DomainException.validation(
        'toRegionCode',
        'isBelowOrParent',
        `must be a unit below ${holder.regionCode} or its parent${parent ? ` (${parent.regionCode})` : ''}`,
      );
    if (direction === 'up' && !dto.reason)
      throw DomainException.validation('reason', 'isDefined', 'is required to send a lead up to the parent unit');
    if (direction === 'down' && dto.reason)
      throw DomainException.notPermitted('reason', 'is given only when sending a lead up; use note');

    const spec = dto.acceptWithinDays
      ? { kind: 'working_days' as const, days: dto.acceptWithinDays }
      : this.rules.dispatchAccept;
    const plan = planDeadline(new Date(), spec);
    const id = await this.dataSource.transaction(async (manager) => {
      // Checked again with the lead locked: it may have moved or closed since it was read.
      const locked = await this.leads.findByIdUnscoped(leadId, manager, true);
      this.assertDispatchable(principal, locked!);
      if (!sameUnit(locked!, holder))
        throw new DomainException(
          ErrorCode.Conflict,
          `Lead ${leadId} moved to ${locked!.regionCode} meanwhile; reload it`,
        );
      const dispatchId = await this.linkage.insertDispatch(manager, {
        leadId,
        fromRegionCode: holder.regionCode,
        fromCityCode: holder.cityCode,
        toRegionCode: target.regionCode,
        toCityCode: target.cityCode,
        direction,
        note: dto.note ?? null,
        reason: dto.reason ?? null,
        status: 'pending',
        dueAt: plan.dueAt,
        overdueLevel: 0,
        overdueAt: null,
        sentBy: principal.userId,
        respondedBy: null,
        respondedAt: null,
        returnReason: null,
      });
      if (!(await this.leadWriter.claimPendingDispatch(manager, leadId, dispatchId))) {
        // Re-read inside the dispatch the holder was authorised for, to name what waits on it.
        const current = await this.leads.findByIdUnscoped(leadId, manager);
        if (current?.pendingClaimId) throw claimPendingError(leadId, String(current.pendingClaimId), 'id');
        const pending = current?.pendingDispatchId;
        throw new DomainException(
          ErrorCode.Conflict,
          `Lead ${leadId} already waits for dispatch ${pending} to be accepted or returned`,
          [
            {
              field: 'id',
              constraint: 'onePendingDispatch',
              message: `dispatch ${pending} is pending`,
              pendingDispatchId: String(pending),
            },
          ],
        );
      }
      // Shares only where the jurisdiction does not already reach: a unit below reads the lead only as its
      // receiver; a unit that sends a lead up keeps read access as its sender.
      if (direction === 'down')
        await this.leadWriter.addParticipant(manager, {
          leadId,
          ...target,
          role: 'receiver',
          note: null,
          addedBy: principal.userId,
        });
      else
        await this.leadWriter.addParticipant(manager, {
          leadId,
          ...holder,
          role: 'sender',
          note: null,
          addedBy: principal.userId,
        });
      await this.leadWriter.insertLinkageEvent(manager, {
        leadId,
        kind: 'dispatched',
        userId: principal.userId,
        data: {
          dispatchId,
          fromRegionCode: holder.regionCode,
          toRegionCode: target.regionCode,
          direction,
          note: dto.note ?? null,
          reason: dto.reason ?? null,
          dueAt: plan.dueAt.toISOString(),
        },
      });
      await this.audit.record(manager, {
        actor: principal,
        action: 'create',
        entity: 'lead_dispatch',
        entityId: dispatchId,
        unit: holder,
        changes: {
          leadId: [null, leadId],
          toRegionCode: [null, target.regionCode],
          direction: [null, direction],
          dueAt: [null, plan.dueAt.toISOString()],
        },
      });
      await this.scheduler.scheduleFor(manager, { kind: 'dispatch', id: dispatchId }, plan);
      await this.notifications.notifyUnit(manager, target, ['officer', 'manager'], {
        kind: 'dispatch_received',
        title: `收到${direction === 'up' ? '上报' : '下派'}线索：${leadLabel(lead)}`,
        body: `请于 ${shanghaiText(plan.dueAt)} 前接收或退回。${dto.note ?? dto.reason ?? ''}`.trim(),
        leadId,
        subjectKind: 'dispatch',
        subjectId: dispatchId,
        dedupeKey: `dispatch:${dispatchId}:received`,
      });
      return dispatchId;
    });
    return this.dispatchView(principal, (await this.linkage.findDispatch(id))!);
  }

  /** Only the holding unit (or an administrator) sends a lead on, and only while it is open. */
  private assertDispatchable(principal: AuthPrincipal, lead: LeadRow): void {
    if (principal.role !== 'admin' && principal.regionCode !== lead.regionCode) {
      throw new DomainException(ErrorCode.Forbidden, `Only the holding unit (${lead.regionCode}) dispatches this lead`);
    }
    if (isClosedLead(lead)) {
      throw new DomainException(ErrorCode.Conflict, `A lead in ${lead.stage} is closed and is not dispatched`, [
        { field: 'id', constraint: 'isOpen', message: `the lead is in ${lead.stage}` },
      ]);
    }
  }

  async getDispatch(principal: AuthPrincipal, id: string): Promise<DispatchResponseDto> {
    return this.dispatchView(principal, await this.requireVisibleDispatch(principal, id));
  }

  async listDispatches(
    principal: AuthPrincipal,
    leadId: string,
    query: PageQueryDto,
  ): Promise<Page<DispatchResponseDto>> {
    await this.leadsService.requireVisible(principal, leadId);
    const beforeId = query.cursor ? decodeKeyCursor(query.cursor) : undefined;
    const rows = await this.linkage.listDispatchesOfLead(leadId, beforeId, query.limit);
    const names = await this.dispatchNames(principal, rows);
    return toPage(
      rows,
      query.limit,
      (row) => [String(row.id)],
      (row) => mapDispatch(row, names),
    );
  }

  async accept(principal: AuthPrincipal, id: string, dto: DispatchAcceptDto): Promise<DispatchResponseDto> {
    const dispatch = await this.requireReceiver(principal, id);
    const receiver = { regionCode: dispatch.toRegionCode, cityCode: dispatch.toCityCode };
    const ownerId = dto.ownerUserId ?? (principal.role === 'officer' ? principal.userId : undefined);
    if (!ownerId)
      throw DomainException.validation(
        'ownerUserId',
        'isDefined',
        'is required: choose the officer at your unit who will own the lead',
      );
    const ownerUserId = await this.leadsService.assignableOwner(receiver, ownerId);
    await this.dataSource.transaction(async (manager) => {
      const current = await this.lockPendingDispatch(manager, id, dto.version);
      // The receiver was authorised on the dispatch; the lead is the dispatch's own.
      const lead = (await this.leads.findByIdUnscoped(String(current.leadId), manager))!;
      await this.leadWriter.lockCompany(manager, String(lead.companyId));
      await this.closeDispatch(manager, principal, current, 'accepted', { note: dto.note ?? null });
      // Whatever follows the lead (its open follow-up tasks) moves with it.
      await this.leadWriter.moveToUnit(manager, principal, lead, receiver, ownerUserId);
      const moved = (await this.leads.findByIdUnscoped(String(lead.id), manager))!;
      await this.conflicts.followMove(manager, moved);
      await this.conflicts.detect(manager, principal, moved, 'dispatch');
    });
    return this.dispatchView(principal, (await this.linkage.findDispatch(id))!);
  }

  async returnDispatch(principal: AuthPrincipal, id: string, dto: DispatchReturnDto): Promise<DispatchResponseDto> {
    await this.requireReceiver(principal, id);
    await this.dataSource.transaction(async (manager) => {
      const current = await this.lockPendingDispatch(manager, id, dto.version);
      await this.closeDispatch(manager, principal, current, 'returned', { returnReason: dto.reason });
    });
    return this.dispatchView(principal, (await this.linkage.findDispatch(id))!);
  }

  async withdraw(principal: AuthPrincipal, id: string, dto: DispatchWithdrawDto): Promise<DispatchResponseDto> {
    const dispatch = await this.requireVisibleDispatch(principal, id);
    if (principal.role !== 'admin' && principal.regionCode !== dispatch.fromRegionCode) {
      throw new DomainException(
        ErrorCode.Forbidden,
        `Only the sending unit (${dispatch.fromRegionCode}) withdraws this dispatch`,
      );
    }
    await this.dataSource.transaction(async (manager) => {
      const current = await this.lockPendingDispatch(manager, id, dto.version);
      await this.closeDispatch(manager, principal, current, 'withdrawn', { returnReason: dto.reason ?? null });
    });
    return this.dispatchView(principal, (await this.linkage.findDispatch(id))!);
  }

  /** Answers a pending dispatch (accept, return, withdraw): status, lead flag, receiver's access, clock, trail. */
  private async closeDispatch(
    manager: EntityManager,
    principal: AuthPrincipal,
    dispatch: DispatchEntity,
    status: 'accepted' | 'returned' | 'withdrawn',
    extra: { returnReason?: string | null; note?: string | null },
  ): Promise<void> {
    const id = String(dispatch.id);
    const leadId = String(dispatch.leadId);
    await this.linkage.closeDispatch(manager, id, {
      status,
      respondedBy: principal.userId,
      respondedAt: new Date(),
      returnReason: extra.returnReason ?? null,
    });
    await this.leadWriter.clearPendingDispatch(manager, leadId, id);
    await this.leadWriter.removeParticipant(manager, leadId, dispatch.toRegionCode, 'receiver');
    await this.scheduler.cancel(manager, 'dispatch', id);
    await this.leadWriter.insertLinkageEvent(manager, {
      leadId,
      kind: status,
      userId: principal.userId,
      data: {
        dispatchId: id,
        fromRegionCode: dispatch.fromRegionCode,
        toRegionCode: dispatch.toRegionCode,
        reason: extra.returnReason ?? null,
        note: extra.note ?? null,
      },
    });
    await this.audit.record(manager, {
      actor: principal,
      action: 'update',
      entity: 'lead_dispatch',
      entityId: id,
      unit: { regionCode: dispatch.fromRegionCode, cityCode: dispatch.fromCityCode },
      changes: {
        status: ['pending', status],
        ...(extra.returnReason ? { returnReason: [null, extra.returnReason] } : {}),
        ...(extra.note ? { note: [null, extra.note] } : {}),
      },
    });
    if (status !== 'withdrawn') {
      // The dispatch's own lead, inside the withdrawal or return already authorised.
      const lead = (await this.leads.findByIdUnscoped(leadId, manager))!;
      const values = {
        kind: `dispatch_${status}`,
        title: `${status === 'accepted' ? '线索已被接收' : '线索被退回'}：${leadLabel(lead)}`,
        body: status === 'returned' ? `退回原因：${extra.returnReason}` : null,
        leadId,
        subjectKind: 'dispatch',
        subjectId: id,
        dedupeKey: `dispatch:${id}:${status}`,
      };
      if (dispatch.sentBy) await this.notifications.notifyUsers(manager, [String(dispatch.sentBy)], values);
      else
        await this.notifications.notifyUnit(
          manager,
          { regionCode: dispatch.fromRegionCode, cityCode: dispatch.fromCityCode },
          ['officer', 'manager'],
          values,
        );
    }
  }

  private async lockPendingDispatch(
    manager: EntityManager,
    id: string,
    version: number | undefined,
  ): Promise<DispatchEntity> {
    const current = (await this.linkage.findDispatch(id, manager, true))!;
    if (version !== undefined && current.version !== version)
      throw DomainException.versionConflict('Dispatch', id, current.version);
    if (current.status !== 'pending') {
      throw new DomainException(ErrorCode.Conflict, `Dispatch ${id} is already ${current.status}`, [
        { field: 'id', constraint: 'isPending', message: `the dispatch is ${current.status}` },
      ]);
    }
    return current;
  }

  /** A dispatch the caller may see: its sending or receiving unit is inside their jurisdiction. */
  private async requireVisibleDispatch(principal: AuthPrincipal, id: string): Promise<DispatchEntity> {
    const dispatch = await this.linkage.findDispatch(id);
    const scope = JurisdictionScope.forPrincipal(principal);
    const visible =
      dispatch &&
      scope.containsAny(
        { regionCode: dispatch.fromRegionCode, cityCode: dispatch.fromCityCode },
        { regionCode: dispatch.toRegionCode, cityCode: dispatch.toCityCode },
      );
    if (!visible) throw DomainException.notFound('Dispatch', id);
    return dispatch;
  }

  private async requireReceiver(principal: AuthPrincipal, id: string): Promise<DispatchEntity> {
    const dispatch = await this.requireVisibleDispatch(principal, id);
    if (principal.role !== 'admin' && principal.regionCode !== dispatch.toRegionCode) {
      throw new DomainException(
        ErrorCode.Forbidden,
        `Only the receiving unit (${dispatch.toRegionCode}) accepts or returns this dispatch`,
      );
    }
    return dispatch;
  }

  // Collaborators ---------------------------------------------------------------------------------------------

  async listCollaborators(principal: AuthPrincipal, leadId: string): Promise<CollaboratorResponseDto[]> {
    await this.leadsService.requireVisible(principal, leadId);
    // requireVisible above authorised the caller on this lead.
    const rows = await this.leads.listParticipantsUnscoped(leadId, 'collaborator');
    const names = await this.names.read(JurisdictionScope.forPrincipal(principal), {
      userIds: rows.map((row) => row.addedBy),
    });
    return rows.map((row) => ({
      leadId: String(row.leadId),
      regionCode: row.regionCode,
      note: row.note,
      addedBy: row.addedBy === null ? null : String(row.addedBy),
      addedByName: names.user(row.addedBy),
      createdAt: row.createdAt.toISOString(),
    }));
  }

  async addCollaborator(
    principal: AuthPrincipal,
    leadId: string,
    dto: CollaboratorCreateDto,
  ): Promise<CollaboratorResponseDto> {
    const lead = await this.leadsService.requireHeld(principal, leadId);
    const unit = await this.regionUnits.require(dto.regionCode);
    if (sameUnit(unit, lead))
      throw DomainException.validation(
        'regionCode',
        'notHolder',
        'is the holding unit itself; choose a supporting unit',
      );
    await this.dataSource.transaction(async (manager) => {
      // The holder was authorised on this lead above.
      const previous = (await this.leads.listParticipantsUnscoped(leadId, 'collaborator', manager)).find(
        (row) => row.regionCode === unit.regionCode,
      );
      const added = await this.leadWriter.addParticipant(manager, {
        leadId,
        ...unit,
        role: 'collaborator',
        note: dto.note ?? null,
        addedBy: principal.userId,
      });
      const entityId = collaboratorAuditId(leadId, unit.regionCode);
      if (!added) {
        // Already collaborating: only the note may change.
        if ((previous?.note ?? null) !== (dto.note ?? null)) {
          await this.audit.record(manager, {
            actor: principal,
            action: 'update',
            entity: 'lead_collaborator',
            entityId,
            unit: lead,
            changes: { note: [previous?.note ?? null, dto.note ?? null] },
          });
        }
        return;
      }
      await this.leadWriter.insertLinkageEvent(manager, {
        leadId,
        kind: 'collaborator_added',
        userId: principal.userId,
        data: { regionCode: unit.regionCode, note: dto.note ?? null },
      });
      await this.audit.record(manager, {
        actor: principal,
        action: 'create',
        entity: 'lead_collaborator',
        entityId,
        unit: lead,
        changes: { regionCode: [null, unit.regionCode] },
      });
      await this.notifications.notifyUnit(manager, unit, ['officer', 'manager'], {
        kind: 'collaborator_added',
        title: `邀请联合跟进：${leadLabel(lead)}`,
        body: dto.note ?? null,
        leadId,
        subjectKind: 'lead',
        subjectId: leadId,
        dedupeKey: `lead:${leadId}:collaborator:${unit.regionCode}:${Date.now()}`,
      });
    });
    return (await this.listCollaborators(principal, leadId)).find((row) => row.regionCode === unit.regionCode)!;
  }

  async removeCollaborator(principal: AuthPrincipal, leadId: string, regionCode: string): Promise<void> {
    const lead = await this.leadsService.requireHeld(principal, leadId);
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.leadWriter.removeParticipant(manager, leadId, regionCode, 'collaborator')))
        throw DomainException.notFound('Collaborator', regionCode);
      await this.leadWriter.insertLinkageEvent(manager, {
        leadId,
        kind: 'collaborator_removed',
        userId: principal.userId,
        data: { regionCode },
      });
      await this.audit.record(manager, {
        actor: principal,
        action: 'delete',
        entity: 'lead_collaborator',
        entityId: collaboratorAuditId(leadId, regionCode),
        unit: lead,
        changes: { regionCode: [regionCode, null] },
      });
    });
  }

  // Escalations -----------------------------------------------------------------------------------------------

  async escalate(principal: AuthPrincipal, leadId: string, dto: EscalationCreateDto): Promise<EscalationResponseDto> {
    const lead = await this.leadsService.requireHeld(principal, leadId);
    const asker = unitOf(lead);
    const target = parentUnit(asker);
    if (!target)
      throw new DomainException(ErrorCode.Conflict, 'The region has no superior unit to escalate to', [
        { field: 'id', constraint: 'hasParent', message: 'the lead is held by the region' },
      ]);
    const plan = planDeadline(new Date(), this.rules.escalationAnswer);
    const id = await this.dataSource.transaction(async (manager) => {
      const escalationId = await this.linkage.insertEscalation(manager, {
        leadId,
        need: dto.need,
        detail: dto.detail,
        fromRegionCode: asker.regionCode,
        fromCityCode: asker.cityCode,
        toRegionCode: target.regionCode,
        toCityCode: target.cityCode,
        status: 'pending',
        forwardCount: 0,
        dueAt: plan.dueAt,
        overdueLevel: 0,
        overdueAt: null,
        raisedBy: principal.userId,
        answeredBy: null,
        answeredAt: null,
        answerNote: null,
      });
      await this.leadWriter.insertLinkageEvent(manager, {
        leadId,
        kind: 'escalated',
        userId: principal.userId,
        data: { escalationId, need: dto.need, toRegionCode: target.regionCode, dueAt: plan.dueAt.toISOString() },
      });
      await this.audit.record(manager, {
        actor: principal,
        action: 'create',
        entity: 'lead_escalation',
        entityId: escalationId,
        unit: asker,
        changes: { leadId: [null, leadId], need: [null, dto.need], toRegionCode: [null, target.regionCode] },
      });
      await this.scheduler.scheduleFor(manager, { kind: 'escalation', id: escalationId }, plan);
      await this.notifyEscalationTarget(manager, escalationId, lead, target, dto.need, plan.dueAt);
      return escalationId;
    });
    return this.escalationView(principal, (await this.linkage.findEscalation(id))!);
  }

  async getEscalation(principal: AuthPrincipal, id: string): Promise<EscalationResponseDto> {
    return this.escalationView(principal, await this.requireVisibleEscalation(principal, id));
  }

  async listEscalations(
    principal: AuthPrincipal,
    leadId: string,
    query: PageQueryDto,
  ): Promise<Page<EscalationResponseDto>> {
    await this.leadsService.requireVisible(principal, leadId);
    const beforeId = query.cursor ? decodeKeyCursor(query.cursor) : undefined;
    const rows = await this.linkage.listEscalationsOfLead(leadId, beforeId, query.limit);
    const names = await this.escalationNames(principal, rows);
    return toPage(
      rows,
      query.limit,
      (row) => [String(row.id)],
      (row) => mapEscalation(row, names),
    );
  }

  async answer(principal: AuthPrincipal, id: string, dto: EscalationAnswerDto): Promise<EscalationResponseDto> {
    const escalation = await this.requireVisibleEscalation(principal, id);
    if (principal.role !== 'admin' && principal.regionCode !== escalation.toRegionCode) {
      throw new DomainException(
        ErrorCode.Forbidden,
        `Only the managers of ${escalation.toRegionCode} answer this escalation`,
      );
    }
    if (dto.decision === 'declined' && !dto.note)
      throw DomainException.validation('note', 'isDefined', 'is required to decline: say why');
    await this.dataSource.transaction(async (manager) => {
      const current = (await this.linkage.findEscalation(id, manager, true))!;
      if (dto.version !== undefined && current.version !== dto.version)
        throw DomainException.versionConflict('Escalation', id, current.version);
      if (current.status !== 'pending')
        throw new DomainException(ErrorCode.Conflict, `Escalation ${id} is already ${current.status}`);
      if (current.toRegionCode !== escalation.toRegionCode) {
        throw new DomainException(
          ErrorCode.Conflict,
          `Escalation ${id} was forwarded to ${current.toRegionCode} meanwhile`,
          [{ field: 'id', constraint: 'addressedToYou', message: `now addressed to ${current.toRegionCode}` }],
        );
      }
      // The addressee was authorised on the escalation; the lead is its own.
      const lead = (await this.leads.findByIdUnscoped(String(current.leadId), manager))!;
      const leadId = String(current.leadId);
      await this.scheduler.cancel(manager, 'escalation', id);
      if (dto.decision === 'forwarded') {
        const next = parentUnit({ regionCode: current.toRegionCode, cityCode: current.toCityCode });
        if (!next)
          throw DomainException.validation(
            'decision',
            'hasParent',
            'cannot be forwarded: the region has no superior; grant or decline it',
          );
        const plan = planDeadline(new Date(), this.rules.escalationAnswer);
        const round = current.forwardCount + 1;
        await this.linkage.updateEscalation(manager, id, {
          toRegionCode: next.regionCode,
          toCityCode: next.cityCode,
          forwardCount: round,
          dueAt: plan.dueAt,
          overdueLevel: 0,
          overdueAt: null,
        });
        await this.scheduler.scheduleFor(manager, { kind: 'escalation', id, round }, plan);
        await this.notifyEscalationTarget(manager, id, lead, next, current.need, plan.dueAt, round);
        await this.leadWriter.insertLinkageEvent(manager, {
          leadId,
          kind: 'escalation_forwarded',
          userId: principal.userId,
          data: {
            escalationId: id,
            fromRegionCode: current.toRegionCode,
            toRegionCode: next.regionCode,
            note: dto.note ?? null,
          },
        });
        await this.audit.record(manager, {
          actor: principal,
          action: 'update',
          entity: 'lead_escalation',
          entityId: id,
          unit: unitOf(lead),
          changes: { toRegionCode: [current.toRegionCode, next.regionCode] },
        });
        return;
      }
      await this.linkage.updateEscalation(manager, id, {
        status: dto.decision,
        answeredBy: principal.userId,
        answeredAt: new Date(),
        answerNote: dto.note ?? null,
      });
      await this.leadWriter.insertLinkageEvent(manager, {
        leadId,
        kind: 'escalation_answered',
        userId: principal.userId,
        data: { escalationId: id, decision: dto.decision, note: dto.note ?? null },
      });
      await this.audit.record(manager, {
        actor: principal,
        action: 'update',
        entity: 'lead_escalation',
        entityId: id,
        unit: unitOf(lead),
        changes: { status: ['pending', dto.decision] },
      });
      await this.notifications.notifyUsers(
        manager,
        [current.raisedBy, lead.ownerUserId].map((userId) => (userId === null ? null : String(userId))),
        {
          kind: 'escalation_answered',
          title: `上报事项${dto.decision === 'granted' ? '已同意' : '未同意'}：${leadLabel(lead)}`,
          body: dto.note ?? null,
          leadId,
          subjectKind: 'escalation',
          subjectId: id,
          dedupeKey: `escalation:${id}:answered`,
        },
      );
    });
    return this.escalationView(principal, (await this.linkage.findEscalation(id))!);
  }

  private async notifyEscalationTarget(
    manager: EntityManager,
    id: string,
    lead: LeadRow,
    target: UnitRef,
    need: EscalationEntity['need'],
    dueAt: Date,
    round = 0,
  ): Promise<void> {
    await this.notifications.notifyUnit(manager, target, ['manager'], {
      kind: 'escalation_received',
      title: `收到上报事项（${ESCALATION_NEED_NAMES[need]}）：${leadLabel(lead)}`,
      body: `请于 ${shanghaiText(dueAt)} 前答复。`,
      leadId: String(lead.id),
      subjectKind: 'escalation',
      subjectId: id,
      dedupeKey: `escalation:${id}:received:${round}`,
    });
  }

  /** An escalation the caller may see: asked by or addressed to a unit inside their jurisdiction. */
  private async requireVisibleEscalation(principal: AuthPrincipal, id: string): Promise<EscalationEntity> {
    const escalation = await this.linkage.findEscalation(id);
    const scope = JurisdictionScope.forPrincipal(principal);
    const visible =
      escalation &&
      scope.containsAny(
        { regionCode: escalation.fromRegionCode, cityCode: escalation.fromCityCode },
        { regionCode: escalation.toRegionCode, cityCode: escalation.toCityCode },
      );
    if (!visible) throw DomainException.notFound('Escalation', id);
    return escalation;
  }

  // Boards ----------------------------------------------------------------------------------------------------

  inbox(principal: AuthPrincipal, query: PageQueryDto): Promise<Page<BoardItemDto>> {
    return this.board({ board: 'inbox', unit: unitOf(principal) }, query);
  }

  outbox(principal: AuthPrincipal, open: boolean, query: PageQueryDto): Promise<Page<BoardItemDto>> {
    return this.board({ board: 'outbox', unit: unitOf(principal), open }, query);
  }

  overdue(principal: AuthPrincipal, query: PageQueryDto): Promise<Page<BoardItemDto>> {
    return this.board({ board: 'overdue', scope: JurisdictionScope.forPrincipal(principal) }, query);
  }

  private async board(filter: BoardFilter, { cursor, limit, withTotal }: PageQueryDto): Promise<Page<BoardItemDto>> {
    let after: BoardCursor | undefined;
    if (cursor) {
      const [dueAt, kind, id] = decodeCursor(cursor, 3).map(String);
      if (
        Number.isNaN(Date.parse(dueAt)) ||
        !['dispatch', 'escalation'].includes(kind) ||
        !/^[1-9]\d{0,17}$/.test(id)
      ) {
        throw DomainException.validation(
          'cursor',
          'isCursor',
          'is not a cursor this list returned; start again without it',
        );
      }
      after = [dueAt, kind, id];
    }
    const [rows, total] = await Promise.all([
      this.linkage.board(filter, after, limit),
      withTotal ? this.linkage.boardCount(filter) : Promise.resolve(undefined),
    ]);
    return toPage(rows, limit, (row) => [row.dueAt.toISOString(), row.kind, row.id], mapBoardRow, total);
  }
}

function mapBoardRow(row: BoardRow): BoardItemDto {
  return { ...row, dueAt: row.dueAt.toISOString(), createdAt: row.createdAt.toISOString() };
}
