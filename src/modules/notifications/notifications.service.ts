import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { UnitRef } from '../../core/auth/jurisdiction-scope';
import type { AuthPrincipal } from '../../core/auth/principal';
import type { Role } from '../../core/auth/roles';
import { decodeKeyCursor, Page, toPage } from '../../core/common/pagination';
import { DomainException } from '../../core/errors/domain.exception';
import { mapNotification, NotificationListQueryDto, NotificationResponseDto } from './dto/notification.dto';
import { NotificationsRepository, NotificationValues } from './notifications.repository';

const TITLE_LENGTH = 200;
const BODY_LENGTH = 1000;
const clip = (text: string, length: number): string => ([...text].length <= length ? text : `${[...text].slice(0, length - 1).join('')}…`);

/**
 * Tells people about events. Written in the transaction of the change that caused them, so an event that rolls
 * back tells nobody and one that commits tells everyone once (dedupeKey).
 */
@Injectable()
export class NotificationsService {
  constructor(private readonly notifications: NotificationsRepository) {}

  async notifyUsers(manager: EntityManager, userIds: Array<string | null>, values: NotificationValues): Promise<number> {
    const unique = [...new Set(userIds.filter((id): id is string => id !== null))];
    // Messages quote titles and notes of any length; they are cut to fit rather than fail the change they announce.
    return this.notifications.insertForUsers(manager, unique, {
      ...values,
      title: clip(values.title, TITLE_LENGTH),
      body: values.body === null ? null : clip(values.body, BODY_LENGTH),
    });
  }

  /** Everyone of `roles` at `unit` (exactly that unit, not below it). */
  async notifyUnit(manager: EntityManager, unit: UnitRef, roles: readonly Role[], values: NotificationValues): Promise<number> {
    return this.notifyUsers(manager, await this.notifications.recipientsAt(manager, unit, roles), values);
  }

  async list(principal: AuthPrincipal, query: NotificationListQueryDto): Promise<Page<NotificationResponseDto>> {
    const beforeId = query.cursor ? decodeKeyCursor(query.cursor) : undefined;
    const [rows, total] = await Promise.all([
      this.notifications.listForUser(principal.userId, query.unread === true, beforeId, query.limit),
      query.withTotal ? this.notifications.count(principal.userId, query.unread === true) : Promise.resolve(undefined),
    ]);
    return toPage(rows, query.limit, (row) => [String(row.id)], mapNotification, total);
  }

  async markRead(principal: AuthPrincipal, id: string): Promise<NotificationResponseDto> {
    if (!(await this.notifications.findForUser(principal.userId, id))) throw DomainException.notFound('Notification', id);
    await this.notifications.markRead(principal.userId, id);
    return mapNotification((await this.notifications.findForUser(principal.userId, id))!);
  }

  async markAllRead(principal: AuthPrincipal): Promise<{ updated: number }> {
    return { updated: await this.notifications.markRead(principal.userId, undefined) };
  }

  unreadCount(userId: string): Promise<number> {
    return this.notifications.count(userId, true);
  }
}
