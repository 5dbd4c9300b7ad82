import { MigrationInterface, QueryRunner } from 'typeorm';

export class IdentityAndAudit1795766525223 implements MigrationInterface {
  name = 'IdentityAndAudit1795766525223';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`app_secrets\` (\`name\` varchar(64) NOT NULL, \`value\` varchar(255) NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), PRIMARY KEY (\`name\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`audit_log\` (\`id\` bigint NOT NULL AUTO_INCREMENT, \`at\` datetime(3) NOT NULL, \`user_id\` bigint NULL, \`action\` varchar(32) NOT NULL, \`entity\` varchar(32) NOT NULL, \`entity_id\` varchar(64) NOT NULL, \`region_code\` char(6) NULL, \`city_code\` char(6) NULL, \`changes\` json NOT NULL, \`request_id\` varchar(128) NULL, INDEX \`idx_audit_at\` (\`at\`), INDEX \`idx_audit_region\` (\`region_code\`, \`id\`), INDEX \`idx_audit_city\` (\`city_code\`, \`id\`), INDEX \`idx_audit_user\` (\`user_id\`, \`id\`), INDEX \`idx_audit_entity\` (\`entity\`, \`entity_id\`, \`id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`users\` (\`id\` bigint NOT NULL AUTO_INCREMENT, \`username\` varchar(64) NOT NULL, \`display_name\` varchar(64) NOT NULL, \`role\` varchar(16) NOT NULL, \`region_code\` char(6) NOT NULL, \`city_code\` char(6) NULL, \`team_id\` bigint NULL, \`active\` tinyint NOT NULL DEFAULT 1, \`password_hash\` varchar(255) NOT NULL, \`created_by\` bigint NULL, \`version\` int NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX \`idx_users_city\` (\`city_code\`, \`id\`), INDEX \`idx_users_region\` (\`region_code\`, \`id\`), UNIQUE INDEX \`uq_users_username\` (\`username\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`sessions\` (\`id\` char(36) NOT NULL, \`user_id\` bigint NOT NULL, \`ip_address\` varchar(64) NULL, \`user_agent\` varchar(255) NULL, \`expires_at\` datetime(3) NOT NULL, \`revoked_at\` datetime(3) NULL, \`revoked_reason\` varchar(32) NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), INDEX \`idx_sessions_user\` (\`user_id\`, \`revoked_at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`refresh_tokens\` (\`id\` bigint NOT NULL AUTO_INCREMENT, \`session_id\` char(36) NOT NULL, \`token_hash\` char(64) NOT NULL, \`used_at\` datetime(3) NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), INDEX \`idx_refresh_tokens_session\` (\`session_id\`), UNIQUE INDEX \`uq_refresh_tokens_hash\` (\`token_hash\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `ALTER TABLE \`users\` ADD CONSTRAINT \`fk_users_region\` FOREIGN KEY (\`region_code\`) REFERENCES \`regions\`(\`code\`) ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`sessions\` ADD CONSTRAINT \`fk_sessions_user\` FOREIGN KEY (\`user_id\`) REFERENCES \`users\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`refresh_tokens\` ADD CONSTRAINT \`fk_refresh_tokens_session\` FOREIGN KEY (\`session_id\`) REFERENCES \`sessions\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`refresh_tokens\` DROP FOREIGN KEY \`fk_refresh_tokens_session\``);
    await queryRunner.query(`ALTER TABLE \`sessions\` DROP FOREIGN KEY \`fk_sessions_user\``);
    await queryRunner.query(`ALTER TABLE \`users\` DROP FOREIGN KEY \`fk_users_region\``);
    await queryRunner.query(`DROP INDEX \`uq_refresh_tokens_hash\` ON \`refresh_tokens\``);
    await queryRunner.query(`DROP INDEX \`idx_refresh_tokens_session\` ON \`refresh_tokens\``);
    await queryRunner.query(`DROP TABLE \`refresh_tokens\``);
    await queryRunner.query(`DROP INDEX \`idx_sessions_user\` ON \`sessions\``);
    await queryRunner.query(`DROP TABLE \`sessions\``);
    await queryRunner.query(`DROP INDEX \`uq_users_username\` ON \`users\``);
    await queryRunner.query(`DROP INDEX \`idx_users_region\` ON \`users\``);
    await queryRunner.query(`DROP INDEX \`idx_users_city\` ON \`users\``);
    await queryRunner.query(`DROP TABLE \`users\``);
    await queryRunner.query(`DROP INDEX \`idx_audit_entity\` ON \`audit_log\``);
    await queryRunner.query(`DROP INDEX \`idx_audit_user\` ON \`audit_log\``);
    await queryRunner.query(`DROP INDEX \`idx_audit_city\` ON \`audit_log\``);
    await queryRunner.query(`DROP INDEX \`idx_audit_region\` ON \`audit_log\``);
    await queryRunner.query(`DROP INDEX \`idx_audit_at\` ON \`audit_log\``);
    await queryRunner.query(`DROP TABLE \`audit_log\``);
    await queryRunner.query(`DROP TABLE \`app_secrets\``);
  }
}
