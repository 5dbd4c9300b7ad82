import { Column, Entity, Index, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { CreatedAtColumn, UpdatedAtColumn } from '../../core/database/timestamp-columns';

export const ROBOT_CHANNELS = ['wecom', 'dingtalk'] as const;
export type RobotChannel = (typeof ROBOT_CHANNELS)[number];

/**
 * A unit's own group robot (企业微信 or 钉钉 群机器人): the alerts told to that unit's managers (overdue deadlines,
 * 督办单) are posted to its group too, beside the deployment's group of WECOM_WEBHOOK_URL / DINGTALK_WEBHOOK_URL.
 * The URL carries the robot's token and the secret signs DingTalk posts: neither is ever read back whole.
 */
@Entity({ name: 'unit_robots' })
@Index('uq_unit_robots_unit_channel', ['regionCode', 'channel'], { unique: true })
export class UnitRobotEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  /** The unit: 450000, a city or a county. */
  @Column({ type: 'char', length: 6 })
  regionCode: string;

  @Column({ type: 'varchar', length: 16 })
  channel: RobotChannel;

  @Column({ type: 'varchar', length: 500 })
  webhookUrl: string;

  /** DingTalk's signing secret (加签); null for WeCom or an unsigned DingTalk robot. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  secret: string | null;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  @Column({ type: 'bigint', nullable: true })
  updatedBy: string | null;

  @VersionColumn()
  version: number;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;
}
