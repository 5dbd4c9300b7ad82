import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { parentUnit, UnitRef, unitOf } from '../../core/auth/jurisdiction-scope';
import { planDeadline, shanghaiText } from '../../core/common/deadline-calendar';
import { AuditService } from '../audit/audit.service';
import { leadLabel } from '../leads/dto/lead.mapper';
import { LeadReader } from '../leads/lead-reader';
import type { StalledLead } from '../leads/lead-reader';
import { LeadWriter } from '../leads/lead-writer';
import { DeadlineScheduler } from '../linkage/deadline.scheduler';
import { NotificationsService } from '../notifications/notifications.service';
import type { StallJudge, StallWindow } from '../stall-rules/stall-judge';
import { StallRulesService } from '../stall-rules/stall-rules.service';
import { TasksRepository } from './tasks.repository';
import { TasksService } from './tasks.service';

const DAY_MS = 24 * 3600 * 1000;
const BATCH = 500;

/** How far a stall episode has gone: 1 yellow, 2 red, 3 released (回收). */
type StallLevel = 1 | 2 | 3;

export interface StallCounts {
  yellow: number;
  red: number;
  released: number;
}

/**
 * 三色预警 acted on, by the stall rules in force (docs/domain.md "Stall rules"): a lead turning yellow gives its
 * owner a task; turning red opens a 督办单 for the managers of its holding unit and of the unit above, due in the
 * rules' working days and escalating like a linkage deadline when missed; idle past the drop step, the owner is
 * released to the unit's pool. Each step once per episode: an episode is a stretch without activity, named by the
 * lead's lastActivityAt, and new activity starts a new one. Runs every REMINDER_RECONCILE_SECONDS.
 */
@Injectable()
export class StallWatch {
  private readonly logger = new Logger(StallWatch.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tasks: TasksRepository,
    private readonly leadReader: LeadReader,
    private readonly leadWriter: LeadWriter,
    private readonly tasksService: TasksService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly stallRules: StallRulesService,
    private readonly deadlines: DeadlineScheduler,
  ) {}

  async run(now = new Date()): Promise<StallCounts> {
    const counts: StallCounts = { yellow: 0, red: 0, released: 0 };
    await this.stallRules.loaded();
    const judge = this.stallRules.judge(now);
    for (const window of judge.windows()) {
      // The stall watch acts for no user: every unit's stalled leads.
      for (const lead of await this.leadReader.stalledUnscoped(window, BATCH)) {
        await this.act(lead, levelOf(lead, window), judge, counts);
      }
    }
    if (counts.yellow + counts.red + counts.released > 0) this.logger.log(counts, 'Stall warnings raised');
    return counts;
  }

  private async act(lead: StalledLead, level: StallLevel, judge: StallJudge, counts: StallCounts): Promise<void> {
    const newEpisode = !lead.stallEpisodeAt || lead.stallEpisodeAt.getTime() !== lead.lastActivityAt.getTime();
    const reached = newEpisode ? 0 : lead.stallLevel;
    const label = leadLabel({ title: lead.title, confidential: Boolean(lead.confidential), codeName: lead.codeName });
    await this.dataSource.transaction(async (manager) => {
      // Claim the episode's level first: a second watcher finds it done and skips. updated_at stays: no one edited.
      const warned = Math.min(level, 2);
      if (reached < warned && !(await this.leadWriter.claimStallLevel(manager, lead.id, lead.lastActivityAt, warned)))
        return;
      // No follow-up task for an owner this pass releases (a lead past its drop step in one go, after a new rule).
      if (reached < 1 && lead.ownerUserId && level < 3) {
        await this.yellowTask(manager, lead, label);
        counts.yellow += 1;
      }
      if (reached < 2 && level >= 2 && (await this.openSlip(manager, lead, label, judge))) counts.red += 1;
      if (level === 3 && lead.ownerUserId && (await this.release(manager, lead, label))) counts.released += 1;
    });
  }

  private async yellowTask(manager: EntityManager, lead: StalledLead, label: string): Promise<void> {
    await this.tasksService.insertAudited(manager, null, {
      title: `黄色预警：${label} 已久无进展，请跟进`,
      leadId: lead.id,
      companyId: String(lead.companyId),
      visitId: null,
      assigneeId: String(lead.ownerUserId),
      regionCode: lead.regionCode,
      cityCode: lead.cityCode,
      dueAt: new Date(Date.now() + 3 * DAY_MS),
      remindAt: new Date(),
      remindedFor: null,
      status: 'open',
      recurrence: null,
      source: 'stall',
      sourceKey: `stall:${lead.id}:${lead.lastActivityAt.getTime()}`,
      completedAt: null,
      createdBy: null,
    });
  }

  /** The 督办单 of a red lead, with its due date and deadlines; false when this episode has one already. */
  private async openSlip(manager: EntityManager, lead: StalledLead, label: string, judge: StallJudge) {
    const plan = planDeadline(new Date(), { kind: 'working_days', days: judge.rules.slipDueDays });
    const slipId = await this.tasks.insertSlip(manager, {
      leadId: lead.id,
      regionCode: lead.regionCode,
      cityCode: lead.cityCode,
      episodeAt: lead.lastActivityAt,
      stage: lead.stage,
      dueAt: plan.dueAt,
    });
    if (!slipId) return false;
    await this.audit.record(manager, {
      actor: null,
      action: 'create',
      entity: 'supervision_slip',
      entityId: slipId,
      unit: lead,
      changes: { leadId: [null, lead.id], dueAt: [null, plan.dueAt.toISOString()] },
    });
    await this.deadlines.scheduleFor(manager, { kind: 'supervision_slip', id: slipId }, plan);
    await this.notifications.notifyUnits(manager, unitAndParent(lead), ['manager'], {
      kind: 'supervision_slip',
      title: `督办单：${label} 红色预警`,
      body: `该项目长期无进展，请分管领导督办，并于 ${shanghaiText(plan.dueAt)} 前答复。`,
      leadId: lead.id,
      subjectKind: 'supervision_slip',
      subjectId: slipId,
      dedupeKey: `slip:${slipId}`,
    });
    await this.leadWriter.insertLinkageEvent(manager, {
      leadId: lead.id,
      kind: 'supervision_opened',
      userId: null,
      data: { slipId, dueAt: plan.dueAt.toISOString() },
    });
    return true;
  }

  /** 回收: the owner is released to the unit's pool; the owner and the unit's managers are told. */
  private async release(manager: EntityManager, lead: StalledLead, label: string): Promise<boolean> {
    const ownerUserId = String(lead.ownerUserId);
    if (!(await this.leadWriter.releaseStalledOwner(manager, { ...lead, ownerUserId }))) return false;
    await this.leadWriter.insertLinkageEvent(manager, {
      leadId: lead.id,
      kind: 'owner_released',
      userId: null,
      data: { previousOwnerUserId: ownerUserId },
    });
    const values = {
      kind: 'lead_released',
      title: `项目回收：${label}`,
      body: '该项目超过预警规则的回收期限仍无进展，已从原负责人回收至本单位待分配，请指定新的负责人。',
      leadId: lead.id,
      subjectKind: 'lead',
      subjectId: lead.id,
      dedupeKey: `released:${lead.id}:${lead.lastActivityAt.getTime()}`,
    };
    await this.notifications.notifyUnits(manager, [unitOf(lead)], ['manager'], values, [ownerUserId]);
    return true;
  }
}

/** The furthest step a candidate has reached by the window's instants. */
function levelOf(lead: StalledLead, window: StallWindow): StallLevel {
  if (window.dropBefore && lead.ownerUserId && lead.lastActivityAt < window.dropBefore) return 3;
  return lead.lastActivityAt < window.redBefore ? 2 : 1;
}

/** The lead's holding unit and the unit above it (the region has none). */
function unitAndParent(lead: StalledLead): UnitRef[] {
  const unit = unitOf(lead);
  const parent = parentUnit(unit);
  return parent ? [unit, parent] : [unit];
}
