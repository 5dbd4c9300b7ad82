import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { EntityManager } from 'typeorm';
import type { UnitRef } from '../../core/auth/jurisdiction-scope';
import type { AuthPrincipal } from '../../core/auth/principal';
import type { Role } from '../../core/auth/roles';
import { decodeKeyCursor, Page, toPage } from '../../core/common/pagination';
import { afterCommit } from '../../core/database/after-commit';
import { enqueue } from '../../core/queue/enqueue';
import { JobName, QueueName } from '../../core/queue/queue.constants';
import { DomainException } from '../../core/errors/domain.exception';
import { ChannelSenders } from './channels/channel-senders';
import { DEPLOYMENT_GROUP, unitRecipient } from './channels/robot-targets';
import { UnitRobotsRepository } from './unit-robots.repository';
import { DeliveriesRepository, DeliveryValues } from './deliveries.repository';
import {
  DeliveryListQueryDto,
  DeliveryResponseDto,
  mapDelivery,
  mapNotification,
  NotificationListQueryDto,
  NotificationResponseDto,
} from './dto/notification.dto';
import { NotificationsRepository, NotificationValues } from './notifications.repository';

const TITLE_LENGTH = 200;
const BODY_LENGTH = 1000;
const clip = (text: string, length: number): string =>
  [...text].length <= length ? text : `${[...text].slice(0, length - 1).join('')}…`;

/**
 * What also leaves the app: what someone must act on today, not every event. Email carries personal messages
 * (reminders, digests) to their addressee; the group robots carry only unit-level alerts, whose titles use code
 * names for confidential projects, never a person's reminders or digest.
 */
export function outsideChannelsOf(kind: string): { email: boolean; robots: boolean } {
  const alert = kind.endsWith('_overdue') || kind === 'supervision_slip';
  return { email: alert || kind === 'task_reminder' || kind === 'digest', robots: alert };
}

/** Robots allow about 20 messages a minute: retries back off in minutes, not seconds. */
const DELIVERY_JOB_OPTIONS = { attempts: 8, backoff: { type: 'exponential', delay: 30_000 } } as const;

export const deliveryJobId = (deliveryId: string): string => `notification-delivery-${deliveryId}`;

/**
 * Tells people about events. Written in the transaction of the change that caused them, so an event that rolls
 * back tells nobody and one that commits tells everyone once (dedupeKey). Events worth acting on also go out by
 * email and to the group robots configured, each channel a delivery row and job of its own.
 */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly deliveries: DeliveriesRepository,
    private readonly senders: ChannelSenders,
    private readonly unitRobots: UnitRobotsRepository,
    @InjectQueue(QueueName.Notifications) private readonly queue: Queue,
  ) {}

  /** `units`: the units the event is for, whose own group robots get it too (notifyUnit and notifyUnits pass them). */
  async notifyUsers(
    manager: EntityManager,
    userIds: Array<string | null>,
    values: NotificationValues,
    units: UnitRef[] = [],
  ): Promise<number> {
    const unique = [...new Set(userIds.filter((id): id is string => id !== null))];
    // Messages quote titles and notes of any length; they are cut to fit rather than fail the change they announce.
    const message = {
      ...values,
      title: clip(values.title, TITLE_LENGTH),
      body: values.body === null ? null : clip(values.body, BODY_LENGTH),
    };
    const inserted = await this.notifications.insertForUsers(manager, unique, message);
    if (unique.length > 0 || units.length > 0) await this.fanOut(manager, unique, message, units);
    return inserted;
  }

  /** Everyone of `roles` at `unit` (exactly that unit, not below it). */
  async notifyUnit(
    manager: EntityManager,
    unit: UnitRef,
    roles: readonly Role[],
    values: NotificationValues,
  ): Promise<number> {
    return this.notifyUsers(manager, await this.notifications.recipientsAt(manager, unit, roles), values, [unit]);
  }

  /** Everyone of `roles` at each of `units`, and `alsoUserIds`, told once (a group robot gets the event once too). */
  async notifyUnits(
    manager: EntityManager,
    units: UnitRef[],
    roles: readonly Role[],
    values: NotificationValues,
    alsoUserIds: string[] = [],
  ): Promise<number> {
    const recipients = await Promise.all(units.map((unit) => this.notifications.recipientsAt(manager, unit, roles)));
    return this.notifyUsers(manager, [...recipients.flat(), ...alsoUserIds], values, units);
  }

  private async fanOut(
    manager: EntityManager,
    userIds: string[],
    message: NotificationValues,
    units: UnitRef[],
  ): Promise<void> {
    const wanted = outsideChannelsOf(message.kind);
    if (!wanted.email && !wanted.robots) return;
    const channels = this.senders.enabled();
    const base = { dedupeKey: message.dedupeKey, kind: message.kind, title: message.title, body: message.body };
    const rows: DeliveryValues[] = [];
    if (wanted.email && channels.has('email') && userIds.length > 0) {
      for (const email of await this.notifications.emailsOf(manager, userIds))
        rows.push({ ...base, channel: 'email', recipient: email });
    }
    if (wanted.robots) {
      // A group robot gets each event once, however many people it concerns: the deployment's group, and the own
      // group of each unit the event is for.
      if (channels.has('wecom')) rows.push({ ...base, channel: 'wecom', recipient: DEPLOYMENT_GROUP });
      if (channels.has('dingtalk')) rows.push({ ...base, channel: 'dingtalk', recipient: DEPLOYMENT_GROUP });
      const codes = [...new Set(units.map((unit) => unit.regionCode))];
      for (const robot of await this.unitRobots.enabledOf(manager, codes))
        rows.push({ ...base, channel: robot.channel, recipient: unitRecipient(robot.regionCode) });
    }
    if (rows.length === 0) return;
    const pending = await this.deliveries.insertPending(manager, rows);
    await afterCommit(manager, async () => {
      for (const delivery of pending) await this.enqueueDelivery(String(delivery.id));
    });
  }

  enqueueDelivery(deliveryId: string): Promise<void> {
    return enqueue(
      this.queue,
      JobName.NotificationDelivery,
      { deliveryId },
      { jobId: deliveryJobId(deliveryId), ...DELIVERY_JOB_OPTIONS },
    );
  }

  async list(principal: AuthPrincipal, query: NotificationListQueryDto): Promise<Page<NotificationResponseDto>> {
    const notifications = this.notifications.forUser(principal.userId);
    const beforeId = query.cursor ? decodeKeyCursor(query.cursor) : undefined;
    const [rows, total] = await Promise.all([
      notifications.list(query.unread === true, beforeId, query.limit),
      query.withTotal ? notifications.count(query.unread === true) : Promise.resolve(undefined),
    ]);
    return toPage(rows, query.limit, (row) => [String(row.id)], mapNotification, total);
  }

  async markRead(principal: AuthPrincipal, id: string): Promise<NotificationResponseDto> {
    const notifications = this.notifications.forUser(principal.userId);
    if (!(await notifications.findById(id))) throw DomainException.notFound('Notification', id);
    await notifications.markRead(id);
    return mapNotification((await notifications.findById(id))!);
  }

  async markAllRead(principal: AuthPrincipal): Promise<{ updated: number }> {
    return { updated: await this.notifications.forUser(principal.userId).markRead(undefined) };
  }

  /** For administrators: what went out by email and robot, and what gave up. */
  async listDeliveries(query: DeliveryListQueryDto): Promise<Page<DeliveryResponseDto>> {
    const beforeId = query.cursor ? decodeKeyCursor(query.cursor) : undefined;
    return toPage(
      await this.deliveries.list(query.status, beforeId, query.limit),
      query.limit,
      (row) => [String(row.id)],
      mapDelivery,
    );
  }

  unreadCount(userId: string): Promise<number> {
    return this.notifications.forUser(userId).count(true);
  }
}
