import { createHmac } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { postJson } from '../../../core/common/outbound-http';
import type { AppConfig } from '../../../core/config/app-config';
import { InjectConfig } from '../../../core/config/config.module';
import type { DeliveryChannel, NotificationDeliveryEntity } from '../notification-delivery.entity';
import type { RobotTarget } from './robot-targets';

const SEND_TIMEOUT_MS = 10_000;

export type Delivery = Pick<NotificationDeliveryEntity, 'channel' | 'recipient' | 'title' | 'body'>;

/**
 * Sends one delivery on its channel; throws on any failure so the job retries it. Email goes through SMTP
 * (nodemailer); WeCom (企业微信) and DingTalk (钉钉) through their group robots, DingTalk requests signed.
 */
@Injectable()
export class ChannelSenders {
  private transport?: Transporter;

  constructor(@InjectConfig() private readonly config: AppConfig) {}

  /** The channels that are on (configured). */
  enabled(): Set<DeliveryChannel> {
    const channels = new Set<DeliveryChannel>();
    if (this.config.channels.smtpUrl) channels.add('email');
    if (this.config.channels.wecomWebhookUrl) channels.add('wecom');
    if (this.config.channels.dingtalkWebhookUrl) channels.add('dingtalk');
    return channels;
  }

  /** `unitRobot`: the unit's own robot a "unit:…" delivery goes to (the deployment's robot otherwise). */
  async send(delivery: Delivery, unitRobot?: RobotTarget): Promise<void> {
    switch (delivery.channel) {
      case 'email':
        return this.email(delivery);
      case 'wecom':
        return this.robot(unitRobot?.webhookUrl ?? this.config.channels.wecomWebhookUrl!, {
          msgtype: 'markdown',
          markdown: { content: markdown(delivery) },
        });
      case 'dingtalk':
        return this.robot(
          signedDingtalkUrl(
            unitRobot ?? {
              webhookUrl: this.config.channels.dingtalkWebhookUrl!,
              secret: this.config.channels.dingtalkSecret ?? null,
            },
          ),
          { msgtype: 'markdown', markdown: { title: delivery.title, text: markdown(delivery) } },
        );
    }
  }

  private async email(delivery: Delivery): Promise<void> {
    this.transport ??= createTransport(
      `${this.config.channels.smtpUrl}${this.config.channels.smtpUrl!.includes('?') ? '&' : '?'}connectionTimeout=${SEND_TIMEOUT_MS}&socketTimeout=${SEND_TIMEOUT_MS}`,
    );
    await this.transport.sendMail({
      from: this.config.channels.smtpFrom,
      to: delivery.recipient,
      subject: delivery.title,
      text: delivery.body ?? delivery.title,
    });
  }

  /** Both robots answer HTTP 200 with {errcode: 0} on success, and a non-zero errcode otherwise. */
  private async robot(url: string, payload: object): Promise<void> {
    const { status, text } = await postJson(url, payload, {
      timeoutMs: SEND_TIMEOUT_MS,
      allowPrivateNetwork: this.config.channels.allowPrivateNetwork,
    });
    if (status < 200 || status >= 300) throw new Error(`HTTP ${status}: ${text.slice(0, 200)}`);
    let errcode: unknown;
    try {
      errcode = (JSON.parse(text) as { errcode?: unknown }).errcode ?? 0;
    } catch {
      throw new Error(`not a robot answer: ${text.slice(0, 200)}`);
    }
    if (errcode !== 0) throw new Error(`robot refused: ${text.slice(0, 200)}`);
  }
}

/** DingTalk's signature: HMAC-SHA256 of "timestamp\nsecret" with the secret, base64, as query parameters. */
function signedDingtalkUrl(robot: RobotTarget): string {
  const url = new URL(robot.webhookUrl);
  if (robot.secret) {
    const timestamp = String(Date.now());
    url.searchParams.set('timestamp', timestamp);
    url.searchParams.set(
      'sign',
      createHmac('sha256', robot.secret).update(`${timestamp}\n${robot.secret}`).digest('base64'),
    );
  }
  return url.toString();
}

function markdown(delivery: Delivery): string {
  return delivery.body ? `**${delivery.title}**\n\n${delivery.body}` : `**${delivery.title}**`;
}
