import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JurisdictionScope } from '../../core/auth/jurisdiction-scope';
import { shanghaiDate, shanghaiTime } from '../../core/common/deadline-calendar';
import { NotificationsService } from '../notifications/notifications.service';

const DAY_MS = 24 * 3600 * 1000;
const USERS_PER_BATCH = 200;

interface UserRow {
  id: string;
  role: string;
  regionCode: string;
  cityCode: string | null;
}

export interface DigestCounts {
  dueToday: number;
  overdue: number;
  inbox: number;
  openConflicts: number;
  openSlips: number;
  stalled: number;
}

/**
 * The morning digest (每日简报): for each active user, what is due today and overdue, what waits in their unit's
 * linkage inbox, open conflicts and supervision slips (for those who settle them) and their stalled leads. One
 * notification per user and day (dedupeKey), and only when there is something to say.
 */
@Injectable()
export class DigestService {
  private readonly logger = new Logger(DigestService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationsService,
  ) {}

  async run(now = new Date()): Promise<number> {
    const day = shanghaiDate(now);
    const dayEnd = new Date(shanghaiTime(day).getTime() + DAY_MS);
    let sent = 0;
    let afterId = '0';
    for (;;) {
      const users: UserRow[] = await this.dataSource.query(
        `SELECT id, role, region_code AS regionCode, city_code AS cityCode FROM users WHERE active = 1 AND id > ? ORDER BY id LIMIT ${USERS_PER_BATCH}`,
        [afterId],
      );
      if (users.length === 0) break;
      afterId = String(users[users.length - 1].id);
      for (const user of users) {
        const counts = await this.countsFor(user, now, dayEnd);
        if (Object.values(counts).every((count) => count === 0)) continue;
        await this.dataSource.transaction(async (manager) => {
          sent += await this.notifications.notifyUsers(manager, [String(user.id)], {
            kind: 'digest',
            title: `每日简报（${day}）`,
            body: digestText(counts),
            leadId: null,
            subjectKind: null,
            subjectId: null,
            dedupeKey: `digest:${day}`,
          });
        });
      }
    }
    this.logger.log({ day, sent }, 'Daily digest sent');
    return sent;
  }

  async countsFor(user: UserRow, now: Date, dayEnd: Date): Promise<DigestCounts> {
    const [tasks] = await this.dataSource.query(
      `SELECT SUM(due_at >= ? AND due_at < ?) AS dueToday, SUM(due_at < ?) AS overdue
         FROM tasks WHERE assignee_id = ? AND status = 'open' AND due_at < ?`,
      [now, dayEnd, now, user.id, dayEnd],
    );
    const deciders = user.role === 'manager' || user.role === 'admin';
    const unitActors = deciders || user.role === 'officer';
    const [inbox] = unitActors
      ? await this.dataSource.query(
          `SELECT (SELECT COUNT(*) FROM lead_dispatches WHERE to_region_code = ? AND status = 'pending')
                + ${deciders ? "(SELECT COUNT(*) FROM lead_escalations WHERE to_region_code = ? AND status = 'pending')" : '0'} AS n`,
          deciders ? [user.regionCode, user.regionCode] : [user.regionCode],
        )
      : [{ n: 0 }];
    const scope = JurisdictionScope.of(user);
    const [conflictWhere, conflictParams] = inScope(scope, 'arbiter_');
    const [slipWhere, slipParams] = inScope(scope, '');
    const [conflicts] = deciders
      ? await this.dataSource.query(
          `SELECT COUNT(*) AS n FROM lead_conflicts WHERE status = 'open' AND ${conflictWhere}`,
          conflictParams,
        )
      : [{ n: 0 }];
    const [slips] = deciders
      ? await this.dataSource.query(
          `SELECT COUNT(*) AS n FROM supervision_slips WHERE status = 'open' AND ${slipWhere}`,
          slipParams,
        )
      : [{ n: 0 }];
    const [stalled] = await this.dataSource.query(
      `SELECT COUNT(*) AS n FROM leads WHERE owner_user_id = ? AND stall_level > 0 AND stall_episode_at = last_activity_at AND merged_into_lead_id IS NULL`,
      [user.id],
    );
    return {
      dueToday: Number(tasks?.dueToday ?? 0),
      overdue: Number(tasks?.overdue ?? 0),
      inbox: Number(inbox.n),
      openConflicts: Number(conflicts.n),
      openSlips: Number(slips.n),
      stalled: Number(stalled.n),
    };
  }
}

/** The condition that a row's unit (columns `<prefix>region_code`, `<prefix>city_code`) lies inside `scope`. */
function inScope(scope: JurisdictionScope, prefix: string): [string, unknown[]] {
  if (scope.level === 'city') return [`${prefix}city_code = ?`, [scope.cityCode]];
  if (scope.level === 'county') return [`${prefix}region_code = ?`, [scope.regionCode]];
  return ['1 = 1', []];
}

function digestText(counts: DigestCounts): string {
  const parts = [
    counts.dueToday && `今日到期待办 ${counts.dueToday} 项`,
    counts.overdue && `逾期待办 ${counts.overdue} 项`,
    counts.inbox && `联动待处理 ${counts.inbox} 件`,
    counts.openConflicts && `待裁定撞单 ${counts.openConflicts} 起`,
    counts.openSlips && `未答复督办单 ${counts.openSlips} 份`,
    counts.stalled && `预警项目 ${counts.stalled} 个`,
  ].filter(Boolean);
  return `${parts.join('；')}。`;
}
