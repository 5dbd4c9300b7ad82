import { Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import type { AppConfig } from '../../core/config/app-config';
import { InjectConfig } from '../../core/config/config.module';
import { DomainException } from '../../core/errors/domain.exception';
import { ErrorCode } from '../../core/errors/error-codes';
import { InjectRedis } from '../../core/redis/redis.module';

export const MAX_FAILED_LOGINS = 5;
export const FAILED_LOGIN_WINDOW_MS = 15 * 60 * 1000;

/**
 * Counts failed logins per username and address in Redis (shared by every instance). After 5 failures within
 * 15 minutes, further attempts answer 429 until the window ends.
 */
@Injectable()
export class LoginThrottle {
  private readonly prefix: string;

  constructor(@InjectRedis() private readonly redis: Redis, @InjectConfig() config: AppConfig) {
    this.prefix = `${config.queuePrefix}:login-failures`;
  }

  async assertAllowed(username: string, address: string): Promise<void> {
    const key = this.key(username, address);
    const [count, ttl] = await this.guard(() => Promise.all([this.redis.get(key), this.redis.pttl(key)]));
    if (Number(count ?? 0) >= MAX_FAILED_LOGINS) {
      const retryAfterSeconds = Math.max(1, Math.ceil((ttl > 0 ? ttl : FAILED_LOGIN_WINDOW_MS) / 1000));
      throw new DomainException(ErrorCode.RateLimited, `Too many failed sign-ins; try again in ${retryAfterSeconds} s`, undefined, {
        retryAfterSeconds,
      });
    }
  }

  async recordFailure(username: string, address: string): Promise<void> {
    const key = this.key(username, address);
    // The window starts at the first failure and is not extended by later ones.
    await this.guard(() => this.redis.multi().set(key, 0, 'PX', FAILED_LOGIN_WINDOW_MS, 'NX').incr(key).exec());
  }

  async reset(username: string, address: string): Promise<void> {
    await this.guard(() => this.redis.del(this.key(username, address)));
  }

  private key(username: string, address: string): string {
    return `${this.prefix}:${username.toLowerCase()}:${address}`;
  }

  private async guard<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch {
      // Without the counters, sign-in cannot be protected from guessing: refuse rather than run open.
      throw new DomainException(ErrorCode.NotReady, 'Sign-in is unavailable while Redis is down; try again shortly');
    }
  }
}
