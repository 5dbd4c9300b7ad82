import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../../core/config/app-config';
import { AuditService } from '../audit/audit.service';
import { diffChanges } from '../audit/audit-changes';
import { GUANGXI_REGION_CODE } from '../regions/region-units';
import { hashPassword } from './password-hasher';
import { UserEntity } from './user.entity';

export const INITIAL_ADMIN_USERNAME = 'admin';

/**
 * First start: with no administrator, create `admin` (region level) with ADMIN_PASSWORD, or with a generated
 * password printed once in the log. Returns whether one was created.
 */
export async function ensureInitialAdmin(dataSource: DataSource, config: AppConfig, logger: Logger): Promise<boolean> {
  return dataSource.transaction(async (manager) => {
    // Serialise concurrent first starts of several instances on the admin check.
    await manager.query('SELECT GET_LOCK(?, 30)', ['zhaoshang_initial_admin']);
    try {
      if ((await manager.getRepository(UserEntity).count({ where: { role: 'admin' } })) > 0) return false;
      if (await manager.getRepository(UserEntity).exists({ where: { username: INITIAL_ADMIN_USERNAME } })) {
        logger.warn(
          `No administrator exists and the username "${INITIAL_ADMIN_USERNAME}" is taken; promote a user to admin in the database`,
        );
        return false;
      }
      const generated = !config.adminPassword;
      const password = config.adminPassword ?? randomBytes(15).toString('base64url');
      const values = {
        username: INITIAL_ADMIN_USERNAME,
        displayName: '系统管理员',
        role: 'admin' as const,
        regionCode: GUANGXI_REGION_CODE,
        cityCode: null,
        teamId: null,
        active: true,
        passwordHash: await hashPassword(password),
        createdBy: null,
        version: 1,
      };
      const result = await manager
        .createQueryBuilder()
        .insert()
        .into(UserEntity)
        .values(values)
        .updateEntity(false)
        .execute();
      // The system acts here, outside any request: the same audit writer, without an actor.
      await new AuditService().record(manager, {
        actor: null,
        action: 'create',
        entity: 'user',
        entityId: String(result.raw.insertId),
        unit: { regionCode: GUANGXI_REGION_CODE, cityCode: null },
        changes: diffChanges(null, values, ['username', 'displayName', 'role', 'regionCode', 'active', 'passwordHash']),
      });
      if (generated) {
        // Printed once, on purpose: the operator has no other way to learn it.
        logger.warn(
          { username: INITIAL_ADMIN_USERNAME, password },
          'Initial administrator created with a generated password',
        );
        logger.warn('Change it after the first sign-in: POST /api/v1/users/me/password');
      } else {
        logger.info({ username: INITIAL_ADMIN_USERNAME }, 'Initial administrator created with ADMIN_PASSWORD');
      }
      return true;
    } finally {
      await manager.query('SELECT RELEASE_LOCK(?)', ['zhaoshang_initial_admin']);
    }
  });
}
