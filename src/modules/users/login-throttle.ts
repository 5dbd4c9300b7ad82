import { Injectable } from '@nestjs/common';
import type { RedisClient } from '../../core/redis/redis-connection';
import type { AppConfig } from '../../core/config/app-config';
import { InjectConfig } from '../../core/config/config.module';
import { DomainException } from '../../core/errors/domain.exception';
import { ErrorCode } from '../../core/errors/error-codes';
import { countInWindow } from '../../core/redis/fixed-window';
import { InjectRedis } from '../../core/redis/redis.module';

export const MAX_FAILED_LOGINS = 5;
export const FAILED_LOGIN_WINDOW_MS = 15 * 60 * 1000;

/**
 * Limits sign-in attempts per username and address in Redis (shared by every instance). Each attempt is counted
 * atomically before the password is checked, so parallel guesses cannot slip past the limit; a success clears the
 * count. After 5 failures within 15 minutes, attempts answer 429 until the window ends.
 */
@Injectable()
export class LoginThrottle {
  private readonly prefix: string;

  constructor(
    @InjectRedis() private readonly redis: RedisClient,
    @InjectConfig() config: AppConfig,
  ) {
    this.prefix = `${config.queuePrefix}:login-attempts`;
  }

  /** Counts this attempt; throws RATE_LIMITED when the earlier failures already reached the limit. */
  async registerAttempt(username: string, address: string): Promise<void> {
    const { count, retryAfterSeconds } = await this.guard(() =>
      countInWindow(this.redis, this.key(username, address), FAILED_LOGIN_WINDOW_MS),
    );
    if (count > MAX_FAILED_LOGINS) {
      throw new DomainException(
        ErrorCode.RateLimited,
        `Too many failed sign-ins; try again in ${retryAfterSeconds} s`,
        undefined,
        { retryAfterSeconds },
      );
    }
  }

  async clear(username: string, address: string): Promise<void> {
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
