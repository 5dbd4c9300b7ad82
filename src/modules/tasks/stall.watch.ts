import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../../core/config/app-config';
import { InjectConfig } from '../../core/config/config.module';
import { AuditService } from '../audit/audit.service';
import { leadLabel } from '../leads/dto/lead.mapper';
import { LeadReader } from '../leads/lead-reader';
import type { StalledLead } from '../leads/lead-reader';
import { LeadWriter } from '../leads/lead-writer';
import { NotificationsService } from '../notifications/notifications.service';
import { TasksRepository } from './tasks.repository';
import { TasksService } from './tasks.service';

const DAY_MS = 24 * 3600 * 1000;
const BATCH = 500;

/**
 * 三色预警 acted on: a lead turning yellow gives its owner a task, turning red opens a supervision slip (督办单)
 * for the managers of its holding unit, each once per episode. An episode is a stretch without activity, named
 * by the lead's lastActivityAt; new activity starts a new one. Runs every REMINDER_RECONCILE_SECONDS.
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
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async run(now = new Date()): Promise<{ yellow: number; red: number }> {
    const counts = { yellow: 0, red: 0 };
    for (const [stage, days] of Object.entries(this.config.stallYellowDays)) {
      const yellowSince = new Date(now.getTime() - days * DAY_MS);
      const redSince = new Date(now.getTime() - 2 * days * DAY_MS);
      // The stall watch acts for no user: every unit's stalled leads.
      for (const lead of await this.leadReader.stalledUnscoped(stage, yellowSince, redSince, BATCH)) {
        const red = lead.lastActivityAt <= redSince;
        await this.act(lead, red ? 2 : 1, counts);
      }
    }
    if (counts.yellow + counts.red > 0) this.logger.log(counts, 'Stall warnings raised');
    return counts;
  }

  private async act(lead: StalledLead, level: 1 | 2, counts: { yellow: number; red: number }): Promise<void> {
    const newEpisode = !lead.stallEpisodeAt || lead.stallEpisodeAt.getTime() !== lead.lastActivityAt.getTime();
    const reached = newEpisode ? 0 : lead.stallLevel;
    const label = leadLabel({ title: lead.title, confidential: Boolean(lead.confidential), codeName: lead.codeName });
    await this.dataSource.transaction(async (manager) => {
      // Claim the episode's level first: a second watcher finds it done and skips. updated_at stays: no one edited.
      if (!(await this.leadWriter.claimStallLevel(manager, String(lead.id), lead.lastActivityAt, level))) return;
      const episode = lead.lastActivityAt.getTime();
      if (reached < 1 && lead.ownerUserId) {
        const dueAt = new Date(Date.now() + 3 * DAY_MS);
        await this.tasksService.insertAudited(manager, null, {
          title: `黄色预警：${label} 已久无进展，请跟进`,
          leadId: String(lead.id),
          companyId: String(lead.companyId),
          visitId: null,
          assigneeId: String(lead.ownerUserId),
          regionCode: lead.regionCode,
          cityCode: lead.cityCode,
          dueAt,
          remindAt: new Date(),
          remindedFor: null,
          status: 'open',
          recurrence: null,
          source: 'stall',
          sourceKey: `stall:${lead.id}:${episode}`,
          completedAt: null,
          createdBy: null,
        });
        counts.yellow += 1;
      }
      if (level === 2) {
        const slipId = await this.tasks.insertSlip(manager, {
          leadId: String(lead.id),
          regionCode: lead.regionCode,
          cityCode: lead.cityCode,
          episodeAt: lead.lastActivityAt,
          stage: lead.stage,
        });
        if (slipId) {
          await this.audit.record(manager, {
            actor: null,
            action: 'create',
            entity: 'supervision_slip',
            entityId: slipId,
            unit: lead,
            changes: { leadId: [null, String(lead.id)] },
          });
          await this.notifications.notifyUnit(manager, lead, ['manager'], {
            kind: 'supervision_slip',
            title: `督办单：${label} 红色预警`,
            body: '该项目长期无进展，请分管领导督办并答复。',
            leadId: String(lead.id),
            subjectKind: 'supervision_slip',
            subjectId: slipId,
            dedupeKey: `slip:${slipId}`,
          });
          counts.red += 1;
        }
      }
    });
  }
}
