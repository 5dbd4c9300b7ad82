import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createEvents, EventAttributes } from 'ics';
import { DataSource } from 'typeorm';
import type { AuthPrincipal } from '../../core/auth/principal';
import { DomainException } from '../../core/errors/domain.exception';
import { ErrorCode } from '../../core/errors/error-codes';
import { AuditService } from '../audit/audit.service';
import { CalendarTokensRepository } from '../users/calendar-tokens.repository';
import { CalendarRepository } from './calendar.repository';

const FEED_DAYS_BACK = 30;
const MAX_EVENTS = 2000;
const hashOf = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * Each user's calendar feed (iCalendar): their open tasks and planned visits, at a URL with a secret token the
 * phone's calendar subscribes to. Only the token's hash is stored; a new token ends the old URL.
 */
@Injectable()
export class CalendarService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly calendar: CalendarRepository,
    private readonly tokens: CalendarTokensRepository,
  ) {}

  async regenerateToken(principal: AuthPrincipal): Promise<{ token: string; path: string }> {
    const token = randomBytes(32).toString('base64url');
    await this.dataSource.transaction(async (manager) => {
      await this.tokens.replace(manager, principal.userId, hashOf(token));
      await this.audit.record(manager, {
        actor: principal,
        action: 'update',
        entity: 'user',
        entityId: principal.userId,
        unit: principal,
        changes: { calendarToken: ['[redacted]', '[redacted]'] },
      });
    });
    return { token, path: `/api/v1/calendar/${token}.ics` };
  }

  /** The feed for `token`; 404 for a token nobody holds (or an inactive user's). */
  async feed(token: string): Promise<string> {
    const userId = token ? await this.tokens.activeUserIdFor(hashOf(token)) : null;
    if (!userId)
      throw new DomainException(ErrorCode.NotFound, 'No calendar has this address; ask for a new one in the CRM');
    const since = new Date(Date.now() - FEED_DAYS_BACK * 24 * 3600 * 1000);
    const [tasks, visits] = await Promise.all([
      this.calendar.openTasksOf(userId, since, MAX_EVENTS),
      this.calendar.plannedVisitsOf(userId, since, MAX_EVENTS),
    ]);
    const events: EventAttributes[] = [
      ...tasks.map((task) => ({
        uid: `task-${task.id}@zhaoshang`,
        title: `【待办】${task.title}`,
        start: task.dueAt.getTime(),
        startInputType: 'utc' as const,
        startOutputType: 'utc' as const,
        duration: { minutes: 30 },
        lastModified: task.updatedAt.getTime(),
      })),
      ...visits.map((visit) => ({
        uid: `visit-${visit.id}@zhaoshang`,
        title: `【走访】${visit.summary ?? visit.location ?? '计划走访'}`,
        start: visit.visitedAt.getTime(),
        startInputType: 'utc' as const,
        startOutputType: 'utc' as const,
        duration: { hours: 1 },
        location: visit.location ?? undefined,
        lastModified: visit.updatedAt.getTime(),
      })),
    ];
    if (events.length === 0) return emptyCalendar();
    const { error, value } = createEvents(events, { productId: 'zhaoshang/crm', calName: '招商CRM 待办与走访' });
    if (error || !value) throw error ?? new Error('calendar could not be written');
    return value;
  }
}

/** ics refuses an empty list; a feed with no events is still a valid calendar. */
function emptyCalendar(): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:zhaoshang/crm',
    'X-WR-CALNAME:招商CRM 待办与走访',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}
