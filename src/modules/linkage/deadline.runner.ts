import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { parentUnit, UnitRef, unitOf } from '../../core/auth/jurisdiction-scope';
import type { Role } from '../../core/auth/roles';
import type { DeadlineRules, DeadlineSpec } from '../../core/common/deadline-calendar';
import { InjectDeadlineRules } from '../../core/config/config.module';
import type { LeadRow } from '../leads/dto/lead.mapper';
import { LeadReader } from '../leads/lead-reader';
import { LeadWriter } from '../leads/lead-writer';
import { NotificationsService } from '../notifications/notifications.service';
import type { DeadlineEntity } from './deadline.entity';
import type { DeadlineSubject } from '../../shared/linkage.constants';
import { DeadlineScheduler } from './deadline.scheduler';
import { shanghaiText } from '../../core/common/deadline-calendar';
import { leadLabel } from '../leads/dto/lead.mapper';
import { LinkageRepository } from './linkage.repository';

export type FireOutcome = 'fired' | 'cancelled' | 'skipped';

/** What a deadline is about, read again when it fires: who must act, by when, and whether it is still open. */
export interface DeadlineSubjectState {
  open: boolean;
  lead: LeadRow;
  /** The unit that must act. */
  responsible: UnitRef;
  /** Who is reminded at that unit. */
  reminded: { roles: readonly Role[]; userIds?: string[] };
  spec: DeadlineSpec;
  dueAt: Date;
  what: string;
}
type Subject = DeadlineSubjectState;

/**
 * A record of another module whose deadlines this machinery keeps (the 督办单 of the tasks module, which depends
 * on this one): how to lock it, read it when a deadline fires, and mark it overdue.
 */
export interface DeadlineSubjectSource {
  lock(manager: EntityManager, subjectId: string): Promise<void>;
  state(manager: EntityManager, subjectId: string): Promise<DeadlineSubjectState | null>;
  markOverdue(manager: EntityManager, subjectId: string, level: number, at: Date): Promise<void>;
}

const MANAGERS: readonly Role[] = ['manager'];
const HANDLERS: readonly Role[] = ['officer', 'manager'];

/** The n-th unit above `unit`, or null above the region. */
function ancestor(unit: UnitRef, levels: number): UnitRef | null {
  let current: UnitRef | null = unit;
  for (let i = 0; i < levels && current; i++) current = parentUnit(current);
  return current;
}

/**
 * Fires one deadline row: a reminder to those who must act, or an overdue step that marks the record and tells
 * the managers `level` units above. The row is locked and flipped to fired in the same transaction as the
 * notifications, so a job delivered twice, or a job and the reconciler at once, act once.
 */
@Injectable()
export class DeadlineRunner {
  private readonly logger = new Logger(DeadlineRunner.name);
  private readonly sources = new Map<DeadlineSubject, DeadlineSubjectSource>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly linkage: LinkageRepository,
    private readonly leads: LeadReader,
    private readonly leadWriter: LeadWriter,
    private readonly notifications: NotificationsService,
    private readonly scheduler: DeadlineScheduler,
    @InjectDeadlineRules() private readonly rules: DeadlineRules,
  ) {}

  /** Hands this machinery the deadlines of another module's records (called once, at module init). */
  register(kind: DeadlineSubject, source: DeadlineSubjectSource): void {
    this.sources.set(kind, source);
  }

  async fire(deadlineId: string): Promise<FireOutcome> {
    return this.dataSource.transaction(async (manager) => {
      // Lock order as in the requests that answer (the subject, then its deadlines), so firing while someone
      // accepts or answers waits instead of deadlocking.
      const peek = await this.linkage.findDeadline(manager, deadlineId);
      if (!peek || peek.status !== 'scheduled') return 'skipped';
      await this.lockSubject(manager, peek.subjectKind, peek.subjectId);
      const deadline = await this.linkage.findDeadlineForUpdate(manager, deadlineId);
      if (!deadline || deadline.status !== 'scheduled') return 'skipped';
      const subject = await this.subjectOf(manager, deadline);
      if (!subject?.open) {
        await this.linkage.finishDeadline(manager, deadlineId, 'cancelled');
        return 'cancelled';
      }
      if (deadline.step === 'reminder') await this.remind(manager, deadline, subject);
      else await this.overdue(manager, deadline, subject);
      await this.linkage.finishDeadline(manager, deadlineId, 'fired');
      this.logger.log(
        {
          deadlineId,
          subject: deadline.subjectKind,
          subjectId: deadline.subjectId,
          step: deadline.step,
          level: deadline.level,
        },
        'Deadline fired',
      );
      return 'fired';
    });
  }

  private async remind(manager: EntityManager, deadline: DeadlineEntity, subject: Subject): Promise<void> {
    const values = {
      kind: `${deadline.subjectKind}_reminder`,
      title: `${subject.what}即将到期：${leadLabel(subject.lead)}`,
      body: `请于 ${shanghaiText(subject.dueAt)} 前处理。`,
      leadId: String(subject.lead.id),
      subjectKind: deadline.subjectKind,
      subjectId: deadline.subjectId,
      dedupeKey: `deadline:${deadline.id}`,
    };
    if (subject.reminded.userIds?.length)
      await this.notifications.notifyUsers(manager, subject.reminded.userIds, values);
    else await this.notifications.notifyUnit(manager, subject.responsible, subject.reminded.roles, values);
  }

  private async overdue(manager: EntityManager, deadline: DeadlineEntity, subject: Subject): Promise<void> {
    const now = new Date();
    const source = this.sources.get(deadline.subjectKind);
    if (source) await source.markOverdue(manager, deadline.subjectId, deadline.level, now);
    else if (deadline.subjectKind === 'signing_claim')
      await this.leadWriter.markClaimOverdue(manager, deadline.subjectId, deadline.level, now);
    else if (deadline.subjectKind === 'dispatch' || deadline.subjectKind === 'escalation')
      await this.linkage.markOverdue(manager, deadline.subjectKind, deadline.subjectId, deadline.level, now);
    // The region has no superior: its own managers are told.
    const told =
      ancestor(subject.responsible, deadline.level) ??
      ancestor(subject.responsible, deadline.level - 1) ??
      subject.responsible;
    await this.notifications.notifyUnit(manager, told, MANAGERS, {
      kind: `${deadline.subjectKind}_overdue`,
      title: `${subject.what}逾期未处理：${leadLabel(subject.lead)}`,
      body: `期限 ${shanghaiText(subject.dueAt)} 已过，${await this.linkage.unitName(manager, subject.responsible.regionCode)}尚未处理（逾期第 ${deadline.level} 级）。`,
      leadId: String(subject.lead.id),
      subjectKind: deadline.subjectKind,
      subjectId: deadline.subjectId,
      dedupeKey: `deadline:${deadline.id}`,
    });
    await this.leadWriter.insertLinkageEvent(manager, {
      leadId: String(subject.lead.id),
      kind: 'overdue',
      userId: null,
      data: {
        subject: deadline.subjectKind,
        subjectId: deadline.subjectId,
        level: deadline.level,
        notifiedRegionCode: told.regionCode,
      },
    });
    // One more period later it goes one level higher, as long as there is a higher level.
    if (ancestor(subject.responsible, deadline.level + 1))
      await this.scheduler.scheduleNextLevel(manager, deadline, subject.spec);
  }

  private async lockSubject(manager: EntityManager, kind: DeadlineSubject, subjectId: string): Promise<void> {
    const source = this.sources.get(kind);
    if (source) return source.lock(manager, subjectId);
    if (kind === 'supervision_slip') throw new Error('No source registered for supervision_slip deadlines');
    if (kind === 'signing_claim') {
      // The lead first, then the claim: the order a ruling takes them in. A deadline job acts for no user.
      const claim = await this.leads.findClaimUnscoped(subjectId, manager);
      if (claim) await this.linkage.lockSubject(manager, 'chamber_feedback', String(claim.leadId));
      return this.linkage.lockSubject(manager, 'signing_claim', subjectId);
    }
    return this.linkage.lockSubject(manager, kind, subjectId);
  }

  private async subjectOf(manager: EntityManager, deadline: DeadlineEntity): Promise<Subject | null> {
    const source = this.sources.get(deadline.subjectKind);
    if (source) return source.state(manager, deadline.subjectId);
    switch (deadline.subjectKind) {
      case 'dispatch': {
        const dispatch = await this.linkage.findDispatch(deadline.subjectId, manager);
        // A deadline job acts for no user: the lead of the deadline's own record.
        const lead = dispatch && (await this.leads.findByIdUnscoped(String(dispatch.leadId), manager));
        if (!dispatch || !lead) return null;
        return {
          open: dispatch.status === 'pending',
          lead,
          responsible: { regionCode: dispatch.toRegionCode, cityCode: dispatch.toCityCode },
          reminded: { roles: HANDLERS },
          spec: this.rules.dispatchAccept,
          dueAt: dispatch.dueAt,
          what: '下派线索接收',
        };
      }
      case 'escalation': {
        const escalation = await this.linkage.findEscalation(deadline.subjectId, manager);
        // A deadline job acts for no user: the lead of the deadline's own record.
        const lead = escalation && (await this.leads.findByIdUnscoped(String(escalation.leadId), manager));
        if (!escalation || !lead) return null;
        return {
          open: escalation.status === 'pending' && escalation.forwardCount === deadline.round,
          lead,
          responsible: { regionCode: escalation.toRegionCode, cityCode: escalation.toCityCode },
          reminded: { roles: MANAGERS },
          spec: this.rules.escalationAnswer,
          dueAt: escalation.dueAt,
          what: '上报事项答复',
        };
      }
      case 'chamber_feedback': {
        // A deadline job acts for no user: the lead of the deadline's own record.
        const lead = await this.leads.findByIdUnscoped(deadline.subjectId, manager);
        if (!lead || !lead.chamberFeedbackDueAt) return null;
        return {
          open: lead.chamberFeedbackGivenAt === null && lead.mergedIntoLeadId === null,
          lead,
          responsible: unitOf(lead),
          reminded: { roles: HANDLERS, userIds: lead.ownerUserId ? [String(lead.ownerUserId)] : undefined },
          spec: this.rules.chamberFeedback,
          dueAt: lead.chamberFeedbackDueAt,
          what: '商会反馈',
        };
      }
      case 'signing_claim': {
        // A deadline job acts for no user: the claim and the lead of the deadline's own record.
        const claim = await this.leads.findClaimUnscoped(deadline.subjectId, manager);
        const lead = claim && (await this.leads.findByIdUnscoped(String(claim.leadId), manager));
        if (!claim || !lead || !claim.dueAt) return null;
        const confirmer = parentUnit(unitOf(lead)) ?? unitOf(lead);
        return {
          open: claim.status === 'pending' && String(lead.pendingClaimId) === String(claim.id),
          lead,
          responsible: confirmer,
          reminded: { roles: MANAGERS },
          spec: this.rules.signingConfirm,
          dueAt: claim.dueAt,
          what: '签约甄别确认',
        };
      }
      case 'supervision_slip':
        return null;
    }
  }
}
