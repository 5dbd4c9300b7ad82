import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, Permissions } from '../../core/auth/auth.decorators';
import type { AuthPrincipal } from '../../core/auth/principal';
import { ANY_ROLE } from '../../core/auth/roles';
import { IdParamDto } from '../../core/common/id-param.dto';
import { ApiReadErrors } from '../../core/errors/error-body.dto';
import {
  NotificationListQueryDto,
  NotificationPageDto,
  NotificationResponseDto,
  NotificationsReadDto,
} from './dto/notification.dto';
import { DeliveryListQueryDto, DeliveryPageDto } from './dto/notification.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@ApiReadErrors()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @Permissions(...ANY_ROLE)
  @ApiOperation({ summary: 'Your notifications, newest first (withTotal counts the ones the filter matches)' })
  @ApiOkResponse({ type: NotificationPageDto })
  list(@Auth() principal: AuthPrincipal, @Query() query: NotificationListQueryDto): Promise<NotificationPageDto> {
    return this.notifications.list(principal, query);
  }

  @Post('read-all')
  @HttpCode(200)
  @Permissions(...ANY_ROLE)
  @ApiOperation({ summary: 'Mark all your notifications read' })
  @ApiOkResponse({ type: NotificationsReadDto })
  readAll(@Auth() principal: AuthPrincipal): Promise<NotificationsReadDto> {
    return this.notifications.markAllRead(principal);
  }

  @Post(':id/read')
  @HttpCode(200)
  @Permissions(...ANY_ROLE)
  @ApiOperation({ summary: 'Mark one of your notifications read' })
  @ApiOkResponse({ type: NotificationResponseDto })
  read(@Auth() principal: AuthPrincipal, @Param() params: IdParamDto): Promise<NotificationResponseDto> {
    return this.notifications.markRead(principal, params.id);
  }
}

@ApiTags('admin')
@ApiReadErrors()
@Controller('admin/notification-deliveries')
export class DeliveriesController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @Permissions('admin')
  @ApiOperation({
    summary: 'Email and robot deliveries, newest first (?status=failed: the ones that gave up after every retry)',
  })
  @ApiOkResponse({ type: DeliveryPageDto })
  list(@Query() query: DeliveryListQueryDto): Promise<DeliveryPageDto> {
    return this.notifications.listDeliveries(query);
  }
}
