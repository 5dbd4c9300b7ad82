import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../../core/config/app-config';
import { AppSecretEntity } from '../../core/auth/app-secret.entity';

const SIGNING_KEY_NAME = 'jwt-signing-key';

/**
 * The access-token signing key: JWT_SECRET when set, else one generated on first start and kept in the database,
 * so every instance of a deployment signs and verifies with the same key without configuration.
 */
export async function loadSigningKey(dataSource: DataSource, config: AppConfig): Promise<string> {
  if (config.jwtSecret) return config.jwtSecret;
  await dataSource
    .createQueryBuilder()
    .insert()
    .into(AppSecretEntity)
    .values({ name: SIGNING_KEY_NAME, value: randomBytes(48).toString('base64url') })
    .orIgnore()
    .updateEntity(false)
    .execute();
  const secret = await dataSource.getRepository(AppSecretEntity).findOneByOrFail({ name: SIGNING_KEY_NAME });
  return secret.value;
}
