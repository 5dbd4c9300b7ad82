import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, UpdatedAtColumn } from '../../core/database/timestamp-columns';

export const DELIVERY_CHANNELS = ['email', 'wecom', 'dingtalk'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];
export const DELIVERY_STATUSES = ['pending', 'sent', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * One message to send outside the app: an email to one address, or a post to a group robot. Unique per event,
 * channel and recipient, so a retried or doubled announcement sends once; each row retries on its own, and a
 * terminal failure stays here for administrators to see.
 */
@Entity({ name: 'notification_deliveries' })
@Index('uq_notification_deliveries_event', ['channel', 'recipient', 'dedupeKey'], { unique: true })
@Index('idx_notification_deliveries_status', ['status', 'id'])
export class NotificationDeliveryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'varchar', length: 16 })
  channel: DeliveryChannel;

  /** An email address; "group" for the deployment's robot, "unit:450300" for a unit's own (channels/robot-targets.ts). */
  @Column({ type: 'varchar', length: 254 })
  recipient: string;

  @Column({ type: 'varchar', length: 120 })
  dedupeKey: string;

  @Column({ type: 'varchar', length: 40 })
  kind: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  body: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: DeliveryStatus;

  @Column({ type: 'int', unsigned: true, default: 0 })
  attempts: number;

  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  sentAt: Date | null;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;
}
