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
import { RegionsModule } from '../regions/regions.module';
import { UnitRobotEntity } from './unit-robot.entity';
import { UnitRobotsController } from './unit-robots.controller';
import { UnitRobotsRepository } from './unit-robots.repository';
import { UnitRobotsService } from './unit-robots.service';

/** In-app notifications and their email and robot deliveries; the units' own group robots. */
@Module({
  imports: [
    TypeOrmModule.forFeature([NotificationEntity, NotificationDeliveryEntity, UnitRobotEntity]),
    QueueModule,
    RegionsModule,
  ],
  controllers: [NotificationsController, DeliveriesController, UnitRobotsController],
  providers: [
    NotificationsService,
    NotificationsRepository,
    DeliveriesRepository,
    ChannelSenders,
    DeliveryRunner,
    UnitRobotsRepository,
    UnitRobotsService,
  ],
  exports: [NotificationsService, DeliveryRunner],
})
export class NotificationsModule {}
