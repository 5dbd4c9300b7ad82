import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { shanghaiDate, shanghaiTime } from '../../core/common/deadline-calendar';
import { NotificationsService } from '../notifications/notifications.service';
import { DigestCounts, DigestRepository } from './digest.repository';

const DAY_MS = 24 * 3600 * 1000;
const USERS_PER_BATCH = 200;

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
    private readonly digest: DigestRepository,
    private readonly notifications: NotificationsService,
  ) {}

  async run(now = new Date()): Promise<number> {
    const day = shanghaiDate(now);
    const dayEnd = new Date(shanghaiTime(day).getTime() + DAY_MS);
    let sent = 0;
    let afterId = '0';
    for (;;) {
      const users = await this.digest.activeUsersAfter(afterId, USERS_PER_BATCH);
      if (users.length === 0) break;
      afterId = String(users[users.length - 1].id);
      for (const user of users) {
        const counts = await this.digest.countsFor(user, now, dayEnd);
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
