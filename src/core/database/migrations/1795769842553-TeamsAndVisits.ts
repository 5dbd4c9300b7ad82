import { MigrationInterface, QueryRunner } from 'typeorm';

export class TeamsAndVisits1795769842553 implements MigrationInterface {
  name = 'TeamsAndVisits1795769842553';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`teams\` (\`id\` bigint NOT NULL AUTO_INCREMENT, \`name\` varchar(128) NOT NULL, \`cluster_code\` varchar(32) NOT NULL, \`base_region_code\` char(6) NULL, \`region_code\` char(6) NOT NULL, \`city_code\` char(6) NULL, \`leader_user_id\` bigint NULL, \`created_by\` bigint NULL, \`version\` int NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX \`idx_teams_region\` (\`region_code\`, \`id\`), INDEX \`idx_teams_city\` (\`city_code\`, \`id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`visits\` (\`id\` bigint NOT NULL AUTO_INCREMENT, \`team_id\` bigint NOT NULL, \`status\` varchar(16) NOT NULL, \`visited_at\` datetime(3) NOT NULL, \`kind\` varchar(16) NOT NULL, \`company_id\` bigint NULL, \`chamber_id\` bigint NULL, \`location\` varchar(200) NULL, \`our_attendees\` json NOT NULL, \`their_attendees\` json NOT NULL, \`summary\` text NULL, \`intent_level\` varchar(8) NULL, \`intelligence\` json NULL, \`next_steps\` json NOT NULL, \`lead_id\` bigint NULL, \`region_code\` char(6) NOT NULL, \`city_code\` char(6) NULL, \`idempotency_key\` varchar(128) NULL, \`request_hash\` char(64) NULL, \`created_by\` bigint NOT NULL, \`version\` int NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), UNIQUE INDEX \`uq_visits_idempotency\` (\`created_by\`, \`idempotency_key\`), INDEX \`idx_visits_intent\` (\`intent_level\`, \`visited_at\`, \`id\`), INDEX \`idx_visits_visited\` (\`visited_at\`, \`id\`), INDEX \`idx_visits_region\` (\`region_code\`, \`visited_at\`, \`id\`), INDEX \`idx_visits_city\` (\`city_code\`, \`visited_at\`, \`id\`), INDEX \`idx_visits_team\` (\`team_id\`, \`visited_at\`, \`id\`), INDEX \`idx_visits_company\` (\`company_id\`, \`visited_at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(`CREATE INDEX \`idx_leads_source_visit\` ON \`leads\` (\`source_visit_id\`)`);
    await queryRunner.query(
      `ALTER TABLE \`users\` ADD CONSTRAINT \`fk_users_team\` FOREIGN KEY (\`team_id\`) REFERENCES \`teams\`(\`id\`) ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`leads\` ADD CONSTRAINT \`fk_leads_source_visit\` FOREIGN KEY (\`source_visit_id\`) REFERENCES \`visits\`(\`id\`) ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`teams\` ADD CONSTRAINT \`fk_teams_cluster\` FOREIGN KEY (\`cluster_code\`) REFERENCES \`clusters\`(\`code\`) ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`teams\` ADD CONSTRAINT \`fk_teams_base_region\` FOREIGN KEY (\`base_region_code\`) REFERENCES \`regions\`(\`code\`) ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`teams\` ADD CONSTRAINT \`fk_teams_region\` FOREIGN KEY (\`region_code\`) REFERENCES \`regions\`(\`code\`) ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`teams\` ADD CONSTRAINT \`fk_teams_leader\` FOREIGN KEY (\`leader_user_id\`) REFERENCES \`users\`(\`id\`) ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`visits\` ADD CONSTRAINT \`fk_visits_team\` FOREIGN KEY (\`team_id\`) REFERENCES \`teams\`(\`id\`) ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`visits\` ADD CONSTRAINT \`fk_visits_company\` FOREIGN KEY (\`company_id\`) REFERENCES \`companies\`(\`id\`) ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`visits\` ADD CONSTRAINT \`fk_visits_chamber\` FOREIGN KEY (\`chamber_id\`) REFERENCES \`chambers\`(\`id\`) ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`visits\` ADD CONSTRAINT \`fk_visits_lead\` FOREIGN KEY (\`lead_id\`) REFERENCES \`leads\`(\`id\`) ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`visits\` DROP FOREIGN KEY \`fk_visits_lead\``);
    await queryRunner.query(`ALTER TABLE \`visits\` DROP FOREIGN KEY \`fk_visits_chamber\``);
    await queryRunner.query(`ALTER TABLE \`visits\` DROP FOREIGN KEY \`fk_visits_company\``);
    await queryRunner.query(`ALTER TABLE \`visits\` DROP FOREIGN KEY \`fk_visits_team\``);
    await queryRunner.query(`ALTER TABLE \`teams\` DROP FOREIGN KEY \`fk_teams_leader\``);
    await queryRunner.query(`ALTER TABLE \`teams\` DROP FOREIGN KEY \`fk_teams_region\``);
    await queryRunner.query(`ALTER TABLE \`teams\` DROP FOREIGN KEY \`fk_teams_base_region\``);
    await queryRunner.query(`ALTER TABLE \`teams\` DROP FOREIGN KEY \`fk_teams_cluster\``);
    await queryRunner.query(`ALTER TABLE \`leads\` DROP FOREIGN KEY \`fk_leads_source_visit\``);
    await queryRunner.query(`ALTER TABLE \`users\` DROP FOREIGN KEY \`fk_users_team\``);
    await queryRunner.query(`DROP INDEX \`idx_leads_source_visit\` ON \`leads\``);
    await queryRunner.query(`DROP INDEX \`idx_visits_company\` ON \`visits\``);
    await queryRunner.query(`DROP INDEX \`idx_visits_team\` ON \`visits\``);
    await queryRunner.query(`DROP INDEX \`idx_visits_city\` ON \`visits\``);
    await queryRunner.query(`DROP INDEX \`idx_visits_region\` ON \`visits\``);
    await queryRunner.query(`DROP INDEX \`idx_visits_visited\` ON \`visits\``);
    await queryRunner.query(`DROP INDEX \`idx_visits_intent\` ON \`visits\``);
    await queryRunner.query(`DROP INDEX \`uq_visits_idempotency\` ON \`visits\``);
    await queryRunner.query(`DROP TABLE \`visits\``);
    await queryRunner.query(`DROP INDEX \`idx_teams_city\` ON \`teams\``);
    await queryRunner.query(`DROP INDEX \`idx_teams_region\` ON \`teams\``);
    await queryRunner.query(`DROP TABLE \`teams\``);
  }
}
