import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { ChannelSenders } from './channels/channel-senders';
import { unitOfRecipient } from './channels/robot-targets';
import type { RobotChannel } from './unit-robot.entity';
import { UnitRobotsRepository } from './unit-robots.repository';
import { DeliveriesRepository } from './deliveries.repository';
import { deliveryJobId, NotificationsService } from './notifications.service';
import { freeJobId } from '../../core/queue/enqueue';
import { QueueName } from '../../core/queue/queue.constants';

/** A pending delivery this old without a live job lost it (Redis flushed): it is queued again. */
const QUIET_FOR_MS = 60_000;

/** Sends deliveries (the job carries the row id) and puts lost ones back on the queue. */
@Injectable()
export class DeliveryRunner {
  private readonly logger = new Logger(DeliveryRunner.name);

  constructor(
    private readonly deliveries: DeliveriesRepository,
    private readonly senders: ChannelSenders,
    private readonly notifications: NotificationsService,
    private readonly unitRobots: UnitRobotsRepository,
    @InjectQueue(QueueName.Notifications) private readonly queue: Queue,
  ) {}

  /** Sends once: a row already sent (a doubled job) is skipped. Throws to let BullMQ retry with backoff. */
  async deliver(deliveryId: string, attempt: number, attempts: number): Promise<'sent' | 'skipped'> {
    const delivery = await this.deliveries.findByIdUnscoped(deliveryId);
    if (!delivery || delivery.status !== 'pending') return 'skipped';
    const unitCode = unitOfRecipient(delivery.recipient);
    // A unit's robot is read when sending, so a changed address applies to what is still pending.
    const unitRobot = unitCode ? await this.unitRobots.find(unitCode, delivery.channel as RobotChannel) : undefined;
    if (unitCode && (!unitRobot || !unitRobot.enabled)) {
      await this.deliveries.recordAttempt(deliveryId, 'the unit’s robot was removed or turned off', true);
      return 'skipped';
    }
    try {
      await this.senders.send(delivery, unitRobot ?? undefined);
    } catch (error) {
      const terminal = attempt >= attempts;
      await this.deliveries.recordAttempt(deliveryId, (error as Error).message, terminal);
      this.logger.warn(
        { deliveryId, channel: delivery.channel, attempt, terminal, err: error },
        'A notification delivery failed',
      );
      throw error;
    }
    await this.deliveries.markSent(deliveryId);
    return 'sent';
  }

  async reconcile(quietForMs = QUIET_FOR_MS): Promise<number> {
    let requeued = 0;
    for (const delivery of await this.deliveries.pendingBefore(new Date(Date.now() - quietForMs), 500)) {
      if (!(await freeJobId(this.queue, deliveryJobId(String(delivery.id))))) continue;
      await this.notifications.enqueueDelivery(String(delivery.id));
      requeued += 1;
    }
    if (requeued > 0) this.logger.warn({ requeued }, 'Re-queued notification deliveries whose jobs were lost');
    return requeued;
  }
}
