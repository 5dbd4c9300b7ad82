import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { JurisdictionScope, UnitRef } from '../../core/auth/jurisdiction-scope';
import type { AuthPrincipal } from '../../core/auth/principal';
import { outboundUrlProblem } from '../../core/common/outbound-http';
import type { AppConfig } from '../../core/config/app-config';
import { InjectConfig } from '../../core/config/config.module';
import { afterCommit } from '../../core/database/after-commit';
import { DomainException } from '../../core/errors/domain.exception';
import { AuditService } from '../audit/audit.service';
import { RegionUnits } from '../regions/region-units';
import { maskWebhookUrl, unitRecipient } from './channels/robot-targets';
import { DeliveriesRepository } from './deliveries.repository';
import type { RobotTestDto, UnitRobotDto, UnitRobotListDto, UnitRobotPutDto } from './dto/unit-robot.dto';
import { NotificationsService } from './notifications.service';
import type { RobotChannel, UnitRobotEntity } from './unit-robot.entity';
import { UnitRobotsRepository } from './unit-robots.repository';

function view(robot: UnitRobotEntity): UnitRobotDto {
  return {
    regionCode: robot.regionCode,
    channel: robot.channel,
    webhookUrlMasked: maskWebhookUrl(robot.webhookUrl),
    hasSecret: robot.secret !== null,
    enabled: Boolean(robot.enabled),
    version: robot.version,
    updatedAt: robot.updatedAt.toISOString(),
  };
}

/**
 * Each unit's own group robots (docs/operations.md "Notification channels"): administrators and the managers of the
 * unit or a unit above it register them; a unit outside the caller's jurisdiction answers 404 like any record.
 * Writes are audited without the token or the secret.
 */
@Injectable()
export class UnitRobotsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly robots: UnitRobotsRepository,
    private readonly regionUnits: RegionUnits,
    private readonly deliveries: DeliveriesRepository,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async list(principal: AuthPrincipal, code: string): Promise<UnitRobotListDto> {
    await this.unitInReach(principal, code);
    return { items: (await this.robots.ofUnit(code)).map(view) };
  }

  async put(
    principal: AuthPrincipal,
    code: string,
    channel: RobotChannel,
    dto: UnitRobotPutDto,
  ): Promise<UnitRobotDto> {
    const unit = await this.unitInReach(principal, code);
    const problem =
      dto.webhookUrl === undefined
        ? null
        : outboundUrlProblem(dto.webhookUrl, this.config.channels.allowPrivateNetwork);
    if (problem) throw DomainException.validation('webhookUrl', 'isPublicHttpsUrl', problem);
    // An empty secret is none: the robot posts unsigned.
    const secret = dto.secret === undefined ? undefined : dto.secret?.trim() || null;
    if (channel === 'wecom' && secret)
      throw DomainException.notPermitted('secret', 'belongs to DingTalk robots only (WeCom robots are not signed)');
    await this.dataSource.transaction(async (manager) => {
      const current = await this.robots.find(code, channel, manager);
      const webhookUrl = dto.webhookUrl ?? current?.webhookUrl;
      if (!webhookUrl) throw DomainException.validation('webhookUrl', 'isDefined', 'is required for a new robot');
      const values = {
        webhookUrl,
        // Left out: kept; null: the robot posts unsigned from now on.
        secret: secret === undefined ? (current?.secret ?? null) : secret,
        enabled: dto.enabled,
        updatedBy: principal.userId,
      };
      if (!current) await this.robots.insert(manager, code, channel, values);
      else if (
        dto.version === undefined ||
        !(await this.robots.updateIfVersion(manager, current.id, dto.version, values))
      )
        throw DomainException.versionConflict('Unit robot', `${code}/${channel}`, current.version);
      await this.audit.record(manager, {
        actor: principal,
        action: current ? 'update' : 'create',
        entity: 'unit_robot',
        entityId: `${code}/${channel}`,
        unit,
        changes: {
          webhookUrl: [current ? maskWebhookUrl(current.webhookUrl) : null, maskWebhookUrl(webhookUrl)],
          hasSecret: [current ? current.secret !== null : null, values.secret !== null],
          enabled: [current ? Boolean(current.enabled) : null, dto.enabled],
        },
      });
    });
    return view((await this.robots.find(code, channel))!);
  }

  async remove(principal: AuthPrincipal, code: string, channel: RobotChannel): Promise<void> {
    const unit = await this.unitInReach(principal, code);
    await this.dataSource.transaction(async (manager) => {
      const current = await this.robots.find(code, channel, manager);
      if (!current) throw DomainException.notFound('Unit robot', `${code}/${channel}`);
      await this.robots.remove(manager, current.id);
      await this.audit.record(manager, {
        actor: principal,
        action: 'delete',
        entity: 'unit_robot',
        entityId: `${code}/${channel}`,
        unit,
        changes: { webhookUrl: [maskWebhookUrl(current.webhookUrl), null] },
      });
    });
  }

  /** Queues a test message to the robot; its outcome shows in the delivery log like any other. */
  async test(principal: AuthPrincipal, code: string, channel: RobotChannel): Promise<RobotTestDto> {
    await this.unitInReach(principal, code);
    if (!(await this.robots.find(code, channel))) throw DomainException.notFound('Unit robot', `${code}/${channel}`);
    return this.dataSource.transaction(async (manager: EntityManager) => {
      const [delivery] = await this.deliveries.insertPending(manager, [
        {
          channel,
          recipient: unitRecipient(code),
          dedupeKey: `robot-test:${code}:${channel}:${Date.now()}`,
          kind: 'robot_test',
          title: '群机器人测试消息',
          body: `${principal.displayName} 在招商CRM中为本单位配置了群机器人，收到此消息说明配置成功。`,
        },
      ]);
      await afterCommit(manager, () => this.notifications.enqueueDelivery(String(delivery.id)));
      return { deliveryId: String(delivery.id) };
    });
  }

  /** The unit if it is a Guangxi unit the caller reaches; 404 otherwise (docs/api.md "Errors": outside one's jurisdiction is not found). */
  private async unitInReach(principal: AuthPrincipal, code: string): Promise<UnitRef> {
    const unit = await this.regionUnits.require(code, 'code').catch((error: unknown) => {
      // Not a Guangxi unit: as missing as a record outside one's reach. Anything else (the database away) stays.
      throw error instanceof DomainException ? DomainException.notFound('Unit', code) : error;
    });
    if (principal.role !== 'admin' && !JurisdictionScope.forPrincipal(principal).contains(unit))
      throw DomainException.notFound('Unit', code);
    return unit;
  }
}
