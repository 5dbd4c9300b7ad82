import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { UnitRef } from '../../core/auth/jurisdiction-scope';
import type { Role } from '../../core/auth/roles';
import { NotificationEntity } from './notification.entity';

export type NotificationValues = Pick<
  NotificationEntity,
  'kind' | 'title' | 'body' | 'leadId' | 'subjectKind' | 'subjectId' | 'dedupeKey'
>;

/** The notifications of one user (see docs/architecture.md, "Jurisdiction"). */
export type UserNotifications = ReturnType<NotificationsRepository['forUser']>;

/** In-app notifications: each user reads only their own. */
@Injectable()
export class NotificationsRepository {
  constructor(@InjectRepository(NotificationEntity) private readonly notifications: Repository<NotificationEntity>) {}

  /** A user's own notifications: no method of the result reaches another user's. */
  forUser(userId: string) {
    return {
      list: (unreadOnly: boolean, beforeId: string | undefined, limit: number) =>
        this.listForUser(userId, unreadOnly, beforeId, limit),
      count: (unreadOnly: boolean) => this.count(userId, unreadOnly),
      findById: (id: string) => this.findForUser(userId, id),
      /** One notification, or (no id) all of them. */
      markRead: (id: string | undefined) => this.markRead(userId, id),
    };
  }

  /** Active users of exactly `unit` with one of `roles`. */
  async recipientsAt(manager: EntityManager, unit: UnitRef, roles: readonly Role[]): Promise<string[]> {
    const rows: Array<{ id: string }> = await manager.query(
      'SELECT id FROM users WHERE region_code = ? AND role IN (?) AND active = 1',
      [unit.regionCode, roles],
    );
    return rows.map((row) => String(row.id));
  }

  /** The email addresses of those of `userIds` who gave one and are active. */
  async emailsOf(manager: EntityManager, userIds: string[]): Promise<string[]> {
    const rows: Array<{ email: string }> = await manager.query(
      'SELECT DISTINCT email FROM users WHERE id IN (?) AND email IS NOT NULL AND active = 1',
      [userIds],
    );
    return rows.map((row) => row.email);
  }

  /** Inserts one row per user; a user already told about this event (same dedupeKey) is skipped. */
  async insertForUsers(manager: EntityManager, userIds: string[], values: NotificationValues): Promise<number> {
    if (userIds.length === 0) return 0;
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(NotificationEntity)
      .values(userIds.map((userId) => ({ ...values, userId })))
      .orIgnore()
      .updateEntity(false)
      .execute();
    return Number(result.raw.affectedRows ?? 0);
  }

  private listForUser(
    userId: string,
    unreadOnly: boolean,
    beforeId: string | undefined,
    limit: number,
  ): Promise<NotificationEntity[]> {
    const query = this.notifications.createQueryBuilder('n').where('n.userId = :userId', { userId });
    if (unreadOnly) query.andWhere('n.readAt IS NULL');
    if (beforeId) query.andWhere('n.id < :beforeId', { beforeId });
    return query
      .orderBy('n.id', 'DESC')
      .limit(limit + 1)
      .getMany();
  }

  private count(userId: string, unreadOnly: boolean): Promise<number> {
    const query = this.notifications.createQueryBuilder('n').where('n.userId = :userId', { userId });
    if (unreadOnly) query.andWhere('n.readAt IS NULL');
    return query.getCount();
  }

  private findForUser(userId: string, id: string): Promise<NotificationEntity | null> {
    return this.notifications.findOne({ where: { id, userId } });
  }

  private async markRead(userId: string, id: string | undefined): Promise<number> {
    const query = this.notifications
      .createQueryBuilder()
      .update(NotificationEntity)
      .set({ readAt: new Date() })
      .where('userId = :userId AND readAt IS NULL', { userId });
    if (id) query.andWhere('id = :id', { id });
    return (await query.execute()).affected ?? 0;
  }
}
