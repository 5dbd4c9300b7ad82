import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { QueueModule } from '../../core/queue/queue.module';
import { ChannelSenders } from './channels/channel-senders';
import { DeliveriesRepository } from './deliveries.repository';
import { DeliveryRunner } from './delivery.runner';
import { NotificationDeliveryEntity } from './notification-delivery.entity';
import { NotificationEntity } from './notification.entity';
import { DeliveriesController, NotificationsController } from './notifications.controller';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';

/** In-app notifications and their email and robot deliveries. */
@Module({
  imports: [TypeOrmModule.forFeature([NotificationEntity, NotificationDeliveryEntity]), QueueModule],
  controllers: [NotificationsController, DeliveriesController],
  providers: [NotificationsService, NotificationsRepository, DeliveriesRepository, ChannelSenders, DeliveryRunner],
  exports: [NotificationsService, DeliveryRunner],
})
export class NotificationsModule {}
