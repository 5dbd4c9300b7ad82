import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { DeliveryStatus, NotificationDeliveryEntity } from './notification-delivery.entity';

export type DeliveryValues = Pick<
  NotificationDeliveryEntity,
  'channel' | 'recipient' | 'dedupeKey' | 'kind' | 'title' | 'body'
>;

@Injectable()
export class DeliveriesRepository {
  constructor(
    @InjectRepository(NotificationDeliveryEntity) private readonly deliveries: Repository<NotificationDeliveryEntity>,
  ) {}

  /** Inserts the deliveries not yet there (same event, channel, recipient) and returns the pending ones of the event. */
  async insertPending(manager: EntityManager, rows: DeliveryValues[]): Promise<NotificationDeliveryEntity[]> {
    if (rows.length === 0) return [];
    await manager
      .createQueryBuilder()
      .insert()
      .into(NotificationDeliveryEntity)
      .values(rows.map((row) => ({ ...row, status: 'pending', attempts: 0 })))
      .orIgnore()
      .updateEntity(false)
      .execute();
    return manager.find(NotificationDeliveryEntity, { where: { dedupeKey: rows[0].dedupeKey, status: 'pending' } });
  }

  /** Any owner: the delivery worker. */
  findByIdUnscoped(id: string): Promise<NotificationDeliveryEntity | null> {
    return this.deliveries.findOne({ where: { id } });
  }

  async markSent(id: string): Promise<void> {
    await this.deliveries.update({ id, status: 'pending' }, { status: 'sent', sentAt: new Date() });
  }

  async recordAttempt(id: string, error: string, terminal: boolean): Promise<void> {
    await this.deliveries.query(
      `UPDATE notification_deliveries SET attempts = attempts + 1, last_error = ?, status = IF(?, 'failed', status) WHERE id = ? AND status = 'pending'`,
      [error.slice(0, 500), terminal, id],
    );
  }

  /** Pending deliveries created before `before`: the reconciler checks their jobs. */
  pendingBefore(before: Date, limit: number): Promise<NotificationDeliveryEntity[]> {
    return this.deliveries
      .createQueryBuilder('d')
      .where("d.status = 'pending' AND d.createdAt < :before", { before })
      .orderBy('d.id', 'ASC')
      .limit(limit)
      .getMany();
  }

  /** Every delivery: for administrators only (deliveries carry an address, not a unit). */
  list(
    status: DeliveryStatus | undefined,
    beforeId: string | undefined,
    limit: number,
  ): Promise<NotificationDeliveryEntity[]> {
    const query = this.deliveries.createQueryBuilder('d');
    if (status) query.andWhere('d.status = :status', { status });
    if (beforeId) query.andWhere('d.id < :beforeId', { beforeId });
    return query
      .orderBy('d.id', 'DESC')
      .limit(limit + 1)
      .getMany();
  }
}
