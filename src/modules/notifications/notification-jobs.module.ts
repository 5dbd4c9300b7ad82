import { Module } from '@nestjs/common';
import { QueueModule } from '../../core/queue/queue.module';
import { DeliveryReconcileScheduler } from './jobs/delivery-reconcile.scheduler';
import { NotificationsProcessor } from './jobs/notifications.processor';
import { NotificationsModule } from './notifications.module';

/** The notifications queue's worker side; loaded only where workers run. */
@Module({
  imports: [NotificationsModule, QueueModule],
  providers: [NotificationsProcessor, DeliveryReconcileScheduler],
})
export class NotificationJobsModule {}
