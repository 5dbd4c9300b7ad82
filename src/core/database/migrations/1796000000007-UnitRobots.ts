import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Group robots per unit (docs/operations.md "Notification channels"): each city and county registers its own 企业微信
 * or 钉钉 group, and the alerts for that unit go there too. The deployment-wide robots of the environment stay as
 * they were; no unit has one until its managers register it.
 */
export class UnitRobots1796000000007 implements MigrationInterface {
  name = 'UnitRobots1796000000007';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`unit_robots\` (
         \`id\` bigint NOT NULL AUTO_INCREMENT,
         \`region_code\` char(6) NOT NULL,
         \`channel\` varchar(16) NOT NULL,
         \`webhook_url\` varchar(500) NOT NULL,
         \`secret\` varchar(200) NULL,
         \`enabled\` tinyint NOT NULL DEFAULT 1,
         \`updated_by\` bigint NULL,
         \`version\` int NOT NULL,
         \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
         \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
         UNIQUE INDEX \`uq_unit_robots_unit_channel\` (\`region_code\`, \`channel\`),
         PRIMARY KEY (\`id\`)
       ) ENGINE=InnoDB`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `unit_robots`');
  }
}
