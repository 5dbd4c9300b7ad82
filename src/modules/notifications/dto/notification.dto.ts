import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { PageOf, PageQueryDto } from '../../../core/common/pagination';
import { idOrNull, isoOrNull } from '../../../core/common/validators';
import { DELIVERY_CHANNELS, DELIVERY_STATUSES } from '../notification-delivery.entity';
import type { DeliveryChannel, DeliveryStatus, NotificationDeliveryEntity } from '../notification-delivery.entity';
import type { NotificationEntity } from '../notification.entity';

export class NotificationListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only unread notifications' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unread?: boolean;
}

export class NotificationResponseDto {
  @ApiProperty({ example: '42' })
  id: string;

  @ApiProperty({
    example: 'dispatch_overdue',
    description: 'What happened; the web app picks an icon and a link by it',
  })
  kind: string;

  @ApiProperty({ example: '线索下派逾期未接收' })
  title: string;

  @ApiProperty({ type: String, nullable: true })
  body: string | null;

  @ApiProperty({ type: String, nullable: true })
  leadId: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'dispatch' })
  subjectKind: string | null;

  @ApiProperty({ type: String, nullable: true })
  subjectId: string | null;

  @ApiProperty()
  createdAt: string;

  @ApiProperty({ type: String, nullable: true })
  readAt: string | null;
}

export class NotificationPageDto extends PageOf(NotificationResponseDto) {}

export class NotificationsReadDto {
  @ApiProperty({ description: 'How many notifications were marked read' })
  updated: number;
}

export function mapNotification(row: NotificationEntity): NotificationResponseDto {
  return {
    id: String(row.id),
    kind: row.kind,
    title: row.title,
    body: row.body,
    leadId: idOrNull(row.leadId),
    subjectKind: row.subjectKind,
    subjectId: idOrNull(row.subjectId),
    createdAt: row.createdAt.toISOString(),
    readAt: isoOrNull(row.readAt),
  };
}

export class DeliveryListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;
}

export class DeliveryResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: DELIVERY_CHANNELS }) channel: DeliveryChannel;
  @ApiProperty({ description: 'An email address, or "group" for a robot' }) recipient: string;
  @ApiProperty() kind: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status: DeliveryStatus;
  @ApiProperty() attempts: number;
  @ApiProperty({ type: String, nullable: true }) lastError: string | null;
  @ApiProperty({ type: String, nullable: true }) sentAt: string | null;
  @ApiProperty() createdAt: string;
}

export class DeliveryPageDto extends PageOf(DeliveryResponseDto) {}

export function mapDelivery(row: NotificationDeliveryEntity): DeliveryResponseDto {
  return {
    id: String(row.id),
    channel: row.channel,
    recipient: row.recipient,
    kind: row.kind,
    title: row.title,
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
    sentAt: isoOrNull(row.sentAt),
    createdAt: row.createdAt.toISOString(),
  };
}
