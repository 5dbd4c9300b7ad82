import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { createRedisClient, type RedisClient } from './redis-connection';

export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

/** Closes the shared client when the process stops. */
@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly client: RedisClient) {}

  async onApplicationShutdown(): Promise<void> {
    await this.client.quit().catch(() => this.client.disconnect());
  }
}

/**
 * One shared Redis client for our own keys (health, heartbeats, later rate limits). It fails fast while Redis is
 * away (no offline queue) so callers can answer 503 instead of waiting; BullMQ keeps its own connections.
 */
@Global()
@Module({
  providers: [
    {
      provide: REDIS_CLIENT,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        // commandTimeout: a Redis that accepts connections but does not answer fails the command instead of hanging it.
        const client = createRedisClient(config.redis, {
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
          commandTimeout: 2_000,
        });
        client.on('error', () => undefined); // reconnects by itself; health reports the outage
        return client;
      },
    },
    RedisCloser,
  ],
  exports: [REDIS_CLIENT],
})
export class RedisModule {}

export const InjectRedis = (): ParameterDecorator => Inject(REDIS_CLIENT);
