import { MigrationInterface, QueryRunner } from 'typeorm';

export class Linkage1795774019322 implements MigrationInterface {
  name = 'Linkage1795774019322';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`lead_conflicts\` (\`id\` bigint NOT NULL AUTO_INCREMENT, \`company_id\` bigint NOT NULL, \`first_lead_id\` bigint NOT NULL, \`first_registered_at\` datetime(3) NOT NULL, \`first_region_code\` char(6) NOT NULL, \`first_city_code\` char(6) NULL, \`second_lead_id\` bigint NOT NULL, \`second_registered_at\` datetime(3) NOT NULL, \`second_region_code\` char(6) NOT NULL, \`second_city_code\` char(6) NULL, \`arbiter_region_code\` char(6) NOT NULL, \`arbiter_city_code\` char(6) NULL, \`detected_on\` varchar(16) NOT NULL, \`status\` varchar(16) NOT NULL, \`winner_lead_id\` bigint NULL, \`outcome\` varchar(16) NULL, \`note\` varchar(1000) NULL, \`resolved_by\` bigint NULL, \`resolved_at\` datetime(3) NULL, \`version\` int NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX \`idx_lead_conflicts_second_region\` (\`second_region_code\`, \`status\`, \`id\`), INDEX \`idx_lead_conflicts_first_region\` (\`first_region_code\`, \`status\`, \`id\`), INDEX \`idx_lead_conflicts_arbiter_city\` (\`arbiter_city_code\`, \`status\`, \`id\`), INDEX \`idx_lead_conflicts_status\` (\`status\`, \`id\`), INDEX \`idx_lead_conflicts_second\` (\`second_lead_id\`), UNIQUE INDEX \`uq_lead_conflicts_pair\` (\`first_lead_id\`, \`second_lead_id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`linkage_deadlines\` (\`id\` bigint NOT NULL AUTO_INCREMENT, \`subject_kind\` varchar(24) NOT NULL, \`subject_id\` bigint NOT NULL, \`round\` tinyint UNSIGNED NOT NULL DEFAULT '0', \`step\` varchar(16) NOT NULL, \`level\` tinyint UNSIGNED NOT NULL, \`fire_at\` datetime(3) NOT NULL, \`status\` varchar(16) NOT NULL, \`fired_at\` datetime(3) NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), INDEX \`idx_linkage_deadlines_due\` (\`status\`, \`fire_at\`), UNIQUE INDEX \`uq_linkage_deadlines_step\` (\`subject_kind\`, \`subject_id\`, \`round\`, \`step\`, \`level\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`lead_dispatches\` (\`id\` bigint NOT NULL AUTO_INCREMENT, \`lead_id\` bigint NOT NULL, \`from_region_code\` char(6) NOT NULL, \`from_city_code\` char(6) NULL, \`to_region_code\` char(6) NOT NULL, \`to_city_code\` char(6) NULL, \`direction\` varchar(8) NOT NULL, \`note\` varchar(1000) NULL, \`reason\` varchar(500) NULL, \`status\` varchar(16) NOT NULL, \`due_at\` datetime(3) NOT NULL, \`overdue_level\` tinyint UNSIGNED NOT NULL DEFAULT '0', \`overdue_at\` datetime(3) NULL, \`sent_by\` bigint NULL, \`responded_by\` bigint NULL, \`responded_at\` datetime(3) NULL, \`return_reason\` varchar(500) NULL, \`version\` int NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX \`idx_lead_dispatches_to_city\` (\`to_city_code\`, \`status\`, \`due_at\`, \`id\`), INDEX \`idx_lead_dispatches_outbox\` (\`from_region_code\`, \`status\`, \`id\`), INDEX \`idx_lead_dispatches_inbox\` (\`to_region_code\`, \`status\`, \`due_at\`, \`id\`), INDEX \`idx_lead_dispatches_lead\` (\`lead_id\`, \`id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`lead_escalations\` (\`id\` bigint NOT NULL AUTO_INCREMENT, \`lead_id\` bigint NOT NULL, \`need\` varchar(32) NOT NULL, \`detail\` varchar(2000) NOT NULL, \`from_region_code\` char(6) NOT NULL, \`from_city_code\` char(6) NULL, \`to_region_code\` char(6) NOT NULL, \`to_city_code\` char(6) NULL, \`status\` varchar(16) NOT NULL, \`forward_count\` tinyint UNSIGNED NOT NULL DEFAULT '0', \`due_at\` datetime(3) NOT NULL, \`overdue_level\` tinyint UNSIGNED NOT NULL DEFAULT '0', \`overdue_at\` datetime(3) NULL, \`raised_by\` bigint NULL, \`answered_by\` bigint NULL, \`answered_at\` datetime(3) NULL, \`answer_note\` varchar(1000) NULL, \`version\` int NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX \`idx_lead_escalations_to_city\` (\`to_city_code\`, \`status\`, \`due_at\`, \`id\`), INDEX \`idx_lead_escalations_outbox\` (\`from_region_code\`, \`status\`, \`id\`), INDEX \`idx_lead_escalations_inbox\` (\`to_region_code\`, \`status\`, \`due_at\`, \`id\`), INDEX \`idx_lead_escalations_lead\` (\`lead_id\`, \`id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`lead_participants\` (\`lead_id\` bigint NOT NULL, \`region_code\` char(6) NOT NULL, \`role\` varchar(16) NOT NULL, \`city_code\` char(6) NULL, \`note\` varchar(500) NULL, \`added_by\` bigint NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), INDEX \`idx_lead_participants_city\` (\`city_code\`, \`lead_id\`), INDEX \`idx_lead_participants_region\` (\`region_code\`, \`lead_id\`), PRIMARY KEY (\`lead_id\`, \`region_code\`, \`role\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`lead_linkage_events\` (\`id\` bigint NOT NULL AUTO_INCREMENT, \`lead_id\` bigint NOT NULL, \`kind\` varchar(32) NOT NULL, \`at\` datetime(3) NOT NULL, \`user_id\` bigint NULL, \`data\` json NOT NULL, INDEX \`idx_lead_linkage_events_lead\` (\`lead_id\`, \`at\`, \`id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`notifications\` (\`id\` bigint NOT NULL AUTO_INCREMENT, \`user_id\` bigint NOT NULL, \`kind\` varchar(40) NOT NULL, \`title\` varchar(200) NOT NULL, \`body\` varchar(1000) NULL, \`lead_id\` bigint NULL, \`subject_kind\` varchar(24) NULL, \`subject_id\` bigint NULL, \`dedupe_key\` varchar(120) NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`read_at\` datetime(3) NULL, INDEX \`idx_notifications_user_unread\` (\`user_id\`, \`read_at\`, \`id\`), INDEX \`idx_notifications_user\` (\`user_id\`, \`id\`), UNIQUE INDEX \`uq_notifications_dedupe\` (\`user_id\`, \`dedupe_key\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(`ALTER TABLE \`leads\` ADD \`pending_dispatch_id\` bigint NULL`);
    await queryRunner.query(`ALTER TABLE \`leads\` ADD \`in_conflict\` tinyint NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE \`leads\` ADD \`merged_into_lead_id\` bigint NULL`);
    await queryRunner.query(
      `ALTER TABLE \`lead_conflicts\` ADD CONSTRAINT \`fk_lead_conflicts_company\` FOREIGN KEY (\`company_id\`) REFERENCES \`companies\`(\`id\`) ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`lead_conflicts\` ADD CONSTRAINT \`fk_lead_conflicts_first\` FOREIGN KEY (\`first_lead_id\`) REFERENCES \`leads\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`lead_conflicts\` ADD CONSTRAINT \`fk_lead_conflicts_second\` FOREIGN KEY (\`second_lead_id\`) REFERENCES \`leads\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`lead_dispatches\` ADD CONSTRAINT \`fk_lead_dispatches_lead\` FOREIGN KEY (\`lead_id\`) REFERENCES \`leads\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`lead_escalations\` ADD CONSTRAINT \`fk_lead_escalations_lead\` FOREIGN KEY (\`lead_id\`) REFERENCES \`leads\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`lead_participants\` ADD CONSTRAINT \`fk_lead_participants_lead\` FOREIGN KEY (\`lead_id\`) REFERENCES \`leads\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`lead_linkage_events\` ADD CONSTRAINT \`fk_lead_linkage_events_lead\` FOREIGN KEY (\`lead_id\`) REFERENCES \`leads\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`notifications\` ADD CONSTRAINT \`fk_notifications_user\` FOREIGN KEY (\`user_id\`) REFERENCES \`users\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`notifications\` DROP FOREIGN KEY \`fk_notifications_user\``);
    await queryRunner.query(`ALTER TABLE \`lead_linkage_events\` DROP FOREIGN KEY \`fk_lead_linkage_events_lead\``);
    await queryRunner.query(`ALTER TABLE \`lead_participants\` DROP FOREIGN KEY \`fk_lead_participants_lead\``);
    await queryRunner.query(`ALTER TABLE \`lead_escalations\` DROP FOREIGN KEY \`fk_lead_escalations_lead\``);
    await queryRunner.query(`ALTER TABLE \`lead_dispatches\` DROP FOREIGN KEY \`fk_lead_dispatches_lead\``);
    await queryRunner.query(`ALTER TABLE \`lead_conflicts\` DROP FOREIGN KEY \`fk_lead_conflicts_second\``);
    await queryRunner.query(`ALTER TABLE \`lead_conflicts\` DROP FOREIGN KEY \`fk_lead_conflicts_first\``);
    await queryRunner.query(`ALTER TABLE \`lead_conflicts\` DROP FOREIGN KEY \`fk_lead_conflicts_company\``);
    await queryRunner.query(`ALTER TABLE \`leads\` DROP COLUMN \`merged_into_lead_id\``);
    await queryRunner.query(`ALTER TABLE \`leads\` DROP COLUMN \`in_conflict\``);
    await queryRunner.query(`ALTER TABLE \`leads\` DROP COLUMN \`pending_dispatch_id\``);
    await queryRunner.query(`DROP INDEX \`uq_notifications_dedupe\` ON \`notifications\``);
    await queryRunner.query(`DROP INDEX \`idx_notifications_user\` ON \`notifications\``);
    await queryRunner.query(`DROP INDEX \`idx_notifications_user_unread\` ON \`notifications\``);
    await queryRunner.query(`DROP TABLE \`notifications\``);
    await queryRunner.query(`DROP INDEX \`idx_lead_linkage_events_lead\` ON \`lead_linkage_events\``);
    await queryRunner.query(`DROP TABLE \`lead_linkage_events\``);
    await queryRunner.query(`DROP INDEX \`idx_lead_participants_region\` ON \`lead_participants\``);
    await queryRunner.query(`DROP INDEX \`idx_lead_participants_city\` ON \`lead_participants\``);
    await queryRunner.query(`DROP TABLE \`lead_participants\``);
    await queryRunner.query(`DROP INDEX \`idx_lead_escalations_lead\` ON \`lead_escalations\``);
    await queryRunner.query(`DROP INDEX \`idx_lead_escalations_inbox\` ON \`lead_escalations\``);
    await queryRunner.query(`DROP INDEX \`idx_lead_escalations_outbox\` ON \`lead_escalations\``);
    await queryRunner.query(`DROP INDEX \`idx_lead_escalations_to_city\` ON \`lead_escalations\``);
    await queryRunner.query(`DROP TABLE \`lead_escalations\``);
    await queryRunner.query(`DROP INDEX \`idx_lead_dispatches_lead\` ON \`lead_dispatches\``);
    await queryRunner.query(`DROP INDEX \`idx_lead_dispatches_inbox\` ON \`lead_dispatches\``);
    await queryRunner.query(`DROP INDEX \`idx_lead_dispatches_outbox\` ON \`lead_dispatches\``);
    await queryRunner.query(`DROP INDEX \`idx_lead_dispatches_to_city\` ON \`lead_dispatches\``);
    await queryRunner.query(`DROP TABLE \`lead_dispatches\``);
    await queryRunner.query(`DROP INDEX \`uq_linkage_deadlines_step\` ON \`linkage_deadlines\``);
    await queryRunner.query(`DROP INDEX \`idx_linkage_deadlines_due\` ON \`linkage_deadlines\``);
    await queryRunner.query(`DROP TABLE \`linkage_deadlines\``);
    await queryRunner.query(`DROP INDEX \`uq_lead_conflicts_pair\` ON \`lead_conflicts\``);
    await queryRunner.query(`DROP INDEX \`idx_lead_conflicts_second\` ON \`lead_conflicts\``);
    await queryRunner.query(`DROP INDEX \`idx_lead_conflicts_status\` ON \`lead_conflicts\``);
    await queryRunner.query(`DROP INDEX \`idx_lead_conflicts_arbiter_city\` ON \`lead_conflicts\``);
    await queryRunner.query(`DROP INDEX \`idx_lead_conflicts_first_region\` ON \`lead_conflicts\``);
    await queryRunner.query(`DROP INDEX \`idx_lead_conflicts_second_region\` ON \`lead_conflicts\``);
    await queryRunner.query(`DROP TABLE \`lead_conflicts\``);
  }
}
