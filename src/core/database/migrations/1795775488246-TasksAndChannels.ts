import { MigrationInterface, QueryRunner } from 'typeorm';

export class TasksAndChannels1795775488246 implements MigrationInterface {
  name = 'TasksAndChannels1795775488246';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`notification_deliveries\` (\`id\` bigint NOT NULL AUTO_INCREMENT, \`channel\` varchar(16) NOT NULL, \`recipient\` varchar(254) NOT NULL, \`dedupe_key\` varchar(120) NOT NULL, \`kind\` varchar(40) NOT NULL, \`title\` varchar(200) NOT NULL, \`body\` varchar(1000) NULL, \`status\` varchar(16) NOT NULL, \`attempts\` int UNSIGNED NOT NULL DEFAULT '0', \`last_error\` varchar(500) NULL, \`sent_at\` datetime(3) NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX \`idx_notification_deliveries_status\` (\`status\`, \`id\`), UNIQUE INDEX \`uq_notification_deliveries_event\` (\`channel\`, \`recipient\`, \`dedupe_key\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`tasks\` (\`id\` bigint NOT NULL AUTO_INCREMENT, \`title\` varchar(200) NOT NULL, \`lead_id\` bigint NULL, \`company_id\` bigint NULL, \`visit_id\` bigint NULL, \`assignee_id\` bigint NOT NULL, \`region_code\` char(6) NOT NULL, \`city_code\` char(6) NULL, \`due_at\` datetime(3) NOT NULL, \`remind_at\` datetime(3) NULL, \`reminded_for\` datetime(3) NULL, \`status\` varchar(16) NOT NULL, \`recurrence\` varchar(500) NULL, \`source\` varchar(16) NOT NULL, \`source_key\` varchar(120) NULL, \`completed_at\` datetime(3) NULL, \`created_by\` bigint NULL, \`version\` int NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), UNIQUE INDEX \`uq_tasks_source_key\` (\`source_key\`), INDEX \`idx_tasks_lead\` (\`lead_id\`, \`id\`), INDEX \`idx_tasks_city\` (\`city_code\`, \`status\`, \`due_at\`, \`id\`), INDEX \`idx_tasks_region\` (\`region_code\`, \`status\`, \`due_at\`, \`id\`), INDEX \`idx_tasks_remind\` (\`status\`, \`remind_at\`), INDEX \`idx_tasks_assignee\` (\`assignee_id\`, \`status\`, \`due_at\`, \`id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`supervision_slips\` (\`id\` bigint NOT NULL AUTO_INCREMENT, \`lead_id\` bigint NOT NULL, \`region_code\` char(6) NOT NULL, \`city_code\` char(6) NULL, \`episode_at\` datetime(3) NOT NULL, \`stage\` varchar(16) NOT NULL, \`status\` varchar(16) NOT NULL, \`answer\` varchar(2000) NULL, \`answered_by\` bigint NULL, \`answered_at\` datetime(3) NULL, \`version\` int NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX \`idx_supervision_slips_city\` (\`city_code\`, \`status\`, \`id\`), INDEX \`idx_supervision_slips_region\` (\`region_code\`, \`status\`, \`id\`), UNIQUE INDEX \`uq_supervision_slips_episode\` (\`lead_id\`, \`episode_at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(`ALTER TABLE \`users\` ADD \`email\` varchar(254) NULL`);
    await queryRunner.query(`ALTER TABLE \`users\` ADD \`calendar_token_hash\` char(64) NULL`);
    await queryRunner.query(`ALTER TABLE \`leads\` ADD \`stall_episode_at\` datetime(3) NULL`);
    await queryRunner.query(`ALTER TABLE \`leads\` ADD \`stall_level\` tinyint UNSIGNED NOT NULL DEFAULT '0'`);
    await queryRunner.query(`CREATE INDEX \`idx_users_calendar_token\` ON \`users\` (\`calendar_token_hash\`)`);
    await queryRunner.query(`CREATE INDEX \`idx_leads_stage_activity\` ON \`leads\` (\`stage\`, \`last_activity_at\`)`);
    await queryRunner.query(
      `ALTER TABLE \`tasks\` ADD CONSTRAINT \`fk_tasks_lead\` FOREIGN KEY (\`lead_id\`) REFERENCES \`leads\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`tasks\` ADD CONSTRAINT \`fk_tasks_assignee\` FOREIGN KEY (\`assignee_id\`) REFERENCES \`users\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`supervision_slips\` ADD CONSTRAINT \`fk_supervision_slips_lead\` FOREIGN KEY (\`lead_id\`) REFERENCES \`leads\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`supervision_slips\` DROP FOREIGN KEY \`fk_supervision_slips_lead\``);
    await queryRunner.query(`ALTER TABLE \`tasks\` DROP FOREIGN KEY \`fk_tasks_assignee\``);
    await queryRunner.query(`ALTER TABLE \`tasks\` DROP FOREIGN KEY \`fk_tasks_lead\``);
    await queryRunner.query(`DROP INDEX \`idx_leads_stage_activity\` ON \`leads\``);
    await queryRunner.query(`DROP INDEX \`idx_users_calendar_token\` ON \`users\``);
    await queryRunner.query(`ALTER TABLE \`leads\` DROP COLUMN \`stall_level\``);
    await queryRunner.query(`ALTER TABLE \`leads\` DROP COLUMN \`stall_episode_at\``);
    await queryRunner.query(`ALTER TABLE \`users\` DROP COLUMN \`calendar_token_hash\``);
    await queryRunner.query(`ALTER TABLE \`users\` DROP COLUMN \`email\``);
    await queryRunner.query(`DROP INDEX \`uq_supervision_slips_episode\` ON \`supervision_slips\``);
    await queryRunner.query(`DROP INDEX \`idx_supervision_slips_region\` ON \`supervision_slips\``);
    await queryRunner.query(`DROP INDEX \`idx_supervision_slips_city\` ON \`supervision_slips\``);
    await queryRunner.query(`DROP TABLE \`supervision_slips\``);
    await queryRunner.query(`DROP INDEX \`idx_tasks_assignee\` ON \`tasks\``);
    await queryRunner.query(`DROP INDEX \`idx_tasks_remind\` ON \`tasks\``);
    await queryRunner.query(`DROP INDEX \`idx_tasks_region\` ON \`tasks\``);
    await queryRunner.query(`DROP INDEX \`idx_tasks_city\` ON \`tasks\``);
    await queryRunner.query(`DROP INDEX \`idx_tasks_lead\` ON \`tasks\``);
    await queryRunner.query(`DROP INDEX \`uq_tasks_source_key\` ON \`tasks\``);
    await queryRunner.query(`DROP TABLE \`tasks\``);
    await queryRunner.query(`DROP INDEX \`uq_notification_deliveries_event\` ON \`notification_deliveries\``);
    await queryRunner.query(`DROP INDEX \`idx_notification_deliveries_status\` ON \`notification_deliveries\``);
    await queryRunner.query(`DROP TABLE \`notification_deliveries\``);
  }
}
