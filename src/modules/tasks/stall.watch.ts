import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../../core/config/app-config';
import { InjectConfig } from '../../core/config/config.module';
import { AuditService } from '../audit/audit.service';
import { leadLabel } from '../leads/dto/lead.mapper';
import { NotificationsService } from '../notifications/notifications.service';
import { TasksRepository } from './tasks.repository';
import { TasksService } from './tasks.service';

const DAY_MS = 24 * 3600 * 1000;
const BATCH = 500;

interface StalledLead {
  id: string;
  title: string;
  confidential: number;
  codeName: string | null;
  stage: string;
  regionCode: string;
  cityCode: string | null;
  ownerUserId: string | null;
  companyId: string;
  lastActivityAt: Date;
  stallEpisodeAt: Date | null;
  stallLevel: number;
}

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
      for (const lead of await this.candidates(stage, yellowSince, redSince)) {
        const red = lead.lastActivityAt <= redSince;
        await this.act(lead, red ? 2 : 1, counts);
      }
    }
    if (counts.yellow + counts.red > 0) this.logger.log(counts, 'Stall warnings raised');
    return counts;
  }

  /** Leads in `stage` stalled past yellow whose current episode has not been acted on up to its level. */
  private candidates(stage: string, yellowSince: Date, redSince: Date): Promise<StalledLead[]> {
    return this.dataSource.query(
      `SELECT id, title, confidential, code_name AS codeName, stage, region_code AS regionCode, city_code AS cityCode,
              owner_user_id AS ownerUserId, company_id AS companyId, last_activity_at AS lastActivityAt,
              stall_episode_at AS stallEpisodeAt, stall_level AS stallLevel
         FROM leads
        WHERE stage = ? AND last_activity_at <= ? AND merged_into_lead_id IS NULL
          AND (stall_episode_at IS NULL OR stall_episode_at <> last_activity_at
               OR (stall_level < 2 AND last_activity_at <= ?))
        ORDER BY last_activity_at LIMIT ${BATCH}`,
      [stage, yellowSince, redSince],
    );
  }

  private async act(lead: StalledLead, level: 1 | 2, counts: { yellow: number; red: number }): Promise<void> {
    const newEpisode = !lead.stallEpisodeAt || lead.stallEpisodeAt.getTime() !== lead.lastActivityAt.getTime();
    const reached = newEpisode ? 0 : lead.stallLevel;
    const label = leadLabel({ title: lead.title, confidential: Boolean(lead.confidential), codeName: lead.codeName });
    await this.dataSource.transaction(async (manager) => {
      // Claim the episode's level first: a second watcher finds it done and skips. updated_at stays: no one edited.
      const claimed = await manager.query(
        `UPDATE leads SET stall_episode_at = last_activity_at, stall_level = ?, updated_at = updated_at
          WHERE id = ? AND last_activity_at = ? AND (stall_episode_at IS NULL OR stall_episode_at <> last_activity_at OR stall_level < ?)`,
        [level, lead.id, lead.lastActivityAt, level],
      );
      if (Number(claimed.affectedRows) !== 1) return;
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
