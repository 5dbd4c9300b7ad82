import { MigrationInterface, QueryRunner } from 'typeorm';

export class CompaniesChambersLeads1795767554124 implements MigrationInterface {
  name = 'CompaniesChambersLeads1795767554124';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`chambers\` (\`id\` bigint NOT NULL AUTO_INCREMENT, \`name\` varchar(128) NOT NULL, \`kind\` varchar(20) NOT NULL, \`region_code\` char(6) NOT NULL, \`cluster_codes\` json NOT NULL, \`contacts\` json NOT NULL, \`agreement_signed_at\` date NULL, \`notes\` text NULL, \`created_by\` bigint NULL, \`version\` int NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX \`idx_chambers_region\` (\`region_code\`, \`id\`), INDEX \`idx_chambers_name\` (\`name\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`companies\` (\`id\` bigint NOT NULL AUTO_INCREMENT, \`name\` varchar(128) NOT NULL, \`name_normalised\` varchar(128) NOT NULL, \`name_pinyin\` varchar(500) NOT NULL, \`name_initials\` varchar(100) NOT NULL, \`credit_code\` char(18) NULL, \`ownership\` varchar(20) NOT NULL, \`origin_region_code\` char(6) NULL, \`cluster_code\` varchar(32) NULL, \`segment_code\` varchar(64) NULL, \`flags\` json NOT NULL, \`annual_revenue\` decimal(14,4) NULL, \`employees\` int NULL, \`website\` varchar(255) NULL, \`contacts\` json NOT NULL, \`created_by\` bigint NULL, \`version\` int NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX \`idx_companies_name_initials\` (\`name_initials\`), INDEX \`idx_companies_name_pinyin\` (\`name_pinyin\`), INDEX \`idx_companies_name_normalised\` (\`name_normalised\`), UNIQUE INDEX \`uq_companies_credit_code\` (\`credit_code\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`company_flags\` (\`company_id\` bigint NOT NULL, \`flag\` varchar(24) NOT NULL, INDEX \`idx_company_flags_flag\` (\`flag\`, \`company_id\`), PRIMARY KEY (\`company_id\`, \`flag\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`imports\` (\`id\` bigint NOT NULL AUTO_INCREMENT, \`kind\` varchar(16) NOT NULL, \`status\` varchar(16) NOT NULL, \`file_name\` varchar(255) NOT NULL, \`total\` int NOT NULL DEFAULT '0', \`processed\` int NOT NULL DEFAULT '0', \`created\` int NOT NULL DEFAULT '0', \`updated\` int NOT NULL DEFAULT '0', \`failed\` int NOT NULL DEFAULT '0', \`failure_reason\` varchar(500) NULL, \`user_id\` bigint NOT NULL, \`region_code\` char(6) NOT NULL, \`city_code\` char(6) NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), \`finished_at\` datetime(3) NULL, INDEX \`idx_imports_user\` (\`user_id\`, \`id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`import_rows\` (\`import_id\` bigint NOT NULL, \`row_number\` int NOT NULL, \`cells\` json NOT NULL, \`outcome\` varchar(16) NOT NULL, \`errors\` json NULL, INDEX \`idx_import_rows_outcome\` (\`import_id\`, \`outcome\`, \`row_number\`), PRIMARY KEY (\`import_id\`, \`row_number\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`leads\` (\`id\` bigint NOT NULL AUTO_INCREMENT, \`company_id\` bigint NOT NULL, \`ownership\` varchar(20) NOT NULL, \`title\` varchar(200) NOT NULL, \`cluster_code\` varchar(32) NOT NULL, \`segment_code\` varchar(64) NULL, \`source_kind\` varchar(16) NOT NULL, \`source_chamber_id\` bigint NULL, \`source_visit_id\` bigint NULL, \`source_note\` varchar(500) NULL, \`expected_investment\` decimal(12,4) NULL, \`land_need_mu\` decimal(12,2) NULL, \`factory_need_sqm\` decimal(14,2) NULL, \`categories\` json NOT NULL, \`region_code\` char(6) NOT NULL, \`city_code\` char(6) NULL, \`owner_user_id\` bigint NULL, \`next_follow_up_at\` datetime(3) NULL, \`confidential\` tinyint NOT NULL DEFAULT 0, \`code_name\` varchar(64) NULL, \`stage\` varchar(16) NOT NULL, \`stage_before_hold\` varchar(16) NULL, \`stage_entered_at\` datetime(3) NOT NULL, \`site_visit_at\` datetime(3) NULL, \`signed_at\` datetime(3) NULL, \`signed_amount\` decimal(12,4) NULL, \`park_id\` bigint NULL, \`park_name\` varchar(128) NULL, \`construction_started_at\` datetime(3) NULL, \`produced_at\` datetime(3) NULL, \`lost_reason\` varchar(500) NULL, \`funds_received_total\` decimal(14,4) NOT NULL DEFAULT '0.0000', \`created_by\` bigint NULL, \`version\` int NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), \`last_activity_at\` datetime(3) NOT NULL, INDEX \`idx_leads_created_by\` (\`created_by\`, \`id\`), INDEX \`idx_leads_activity\` (\`last_activity_at\`, \`id\`), INDEX \`idx_leads_follow_up\` (\`next_follow_up_at\`, \`id\`), INDEX \`idx_leads_investment\` (\`expected_investment\`, \`id\`), INDEX \`idx_leads_ownership_updated\` (\`ownership\`, \`updated_at\`, \`id\`), INDEX \`idx_leads_company\` (\`company_id\`, \`id\`), INDEX \`idx_leads_chamber\` (\`source_chamber_id\`, \`id\`), INDEX \`idx_leads_source_updated\` (\`source_kind\`, \`updated_at\`, \`id\`), INDEX \`idx_leads_owner_updated\` (\`owner_user_id\`, \`updated_at\`, \`id\`), INDEX \`idx_leads_cluster_updated\` (\`cluster_code\`, \`updated_at\`, \`id\`), INDEX \`idx_leads_stage_updated\` (\`stage\`, \`updated_at\`, \`id\`), INDEX \`idx_leads_updated\` (\`updated_at\`, \`id\`), INDEX \`idx_leads_region_updated\` (\`region_code\`, \`updated_at\`, \`id\`), INDEX \`idx_leads_city_updated\` (\`city_code\`, \`updated_at\`, \`id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`lead_categories\` (\`lead_id\` bigint NOT NULL, \`category\` varchar(32) NOT NULL, INDEX \`idx_lead_categories_category\` (\`category\`, \`lead_id\`), PRIMARY KEY (\`lead_id\`, \`category\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`stage_events\` (\`id\` bigint NOT NULL AUTO_INCREMENT, \`lead_id\` bigint NOT NULL, \`from_stage\` varchar(16) NULL, \`to_stage\` varchar(16) NOT NULL, \`at\` datetime(3) NOT NULL, \`user_id\` bigint NULL, \`note\` varchar(1000) NULL, \`reason\` varchar(500) NULL, \`region_code\` char(6) NOT NULL, \`city_code\` char(6) NULL, \`cluster_code\` varchar(32) NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), INDEX \`idx_stage_events_to_at\` (\`to_stage\`, \`at\`), INDEX \`idx_stage_events_lead\` (\`lead_id\`, \`at\`, \`id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`lead_notes\` (\`id\` bigint NOT NULL AUTO_INCREMENT, \`lead_id\` bigint NOT NULL, \`body\` text NOT NULL, \`user_id\` bigint NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), INDEX \`idx_lead_notes_lead\` (\`lead_id\`, \`created_at\`, \`id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`lead_funds\` (\`id\` bigint NOT NULL AUTO_INCREMENT, \`lead_id\` bigint NOT NULL, \`amount\` decimal(12,4) NOT NULL, \`received_at\` datetime(3) NOT NULL, \`note\` varchar(500) NULL, \`user_id\` bigint NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), INDEX \`idx_lead_funds_lead\` (\`lead_id\`, \`received_at\`, \`id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `ALTER TABLE \`chambers\` ADD CONSTRAINT \`fk_chambers_region\` FOREIGN KEY (\`region_code\`) REFERENCES \`regions\`(\`code\`) ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`companies\` ADD CONSTRAINT \`fk_companies_origin_region\` FOREIGN KEY (\`origin_region_code\`) REFERENCES \`regions\`(\`code\`) ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`companies\` ADD CONSTRAINT \`fk_companies_cluster\` FOREIGN KEY (\`cluster_code\`) REFERENCES \`clusters\`(\`code\`) ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`companies\` ADD CONSTRAINT \`fk_companies_segment\` FOREIGN KEY (\`segment_code\`) REFERENCES \`cluster_segments\`(\`code\`) ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`company_flags\` ADD CONSTRAINT \`fk_company_flags_company\` FOREIGN KEY (\`company_id\`) REFERENCES \`companies\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`import_rows\` ADD CONSTRAINT \`fk_import_rows_import\` FOREIGN KEY (\`import_id\`) REFERENCES \`imports\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`leads\` ADD CONSTRAINT \`fk_leads_company\` FOREIGN KEY (\`company_id\`) REFERENCES \`companies\`(\`id\`) ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`leads\` ADD CONSTRAINT \`fk_leads_cluster\` FOREIGN KEY (\`cluster_code\`) REFERENCES \`clusters\`(\`code\`) ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`leads\` ADD CONSTRAINT \`fk_leads_chamber\` FOREIGN KEY (\`source_chamber_id\`) REFERENCES \`chambers\`(\`id\`) ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`leads\` ADD CONSTRAINT \`fk_leads_region\` FOREIGN KEY (\`region_code\`) REFERENCES \`regions\`(\`code\`) ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`leads\` ADD CONSTRAINT \`fk_leads_owner\` FOREIGN KEY (\`owner_user_id\`) REFERENCES \`users\`(\`id\`) ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`lead_categories\` ADD CONSTRAINT \`fk_lead_categories_lead\` FOREIGN KEY (\`lead_id\`) REFERENCES \`leads\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`stage_events\` ADD CONSTRAINT \`fk_stage_events_lead\` FOREIGN KEY (\`lead_id\`) REFERENCES \`leads\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`lead_notes\` ADD CONSTRAINT \`fk_lead_notes_lead\` FOREIGN KEY (\`lead_id\`) REFERENCES \`leads\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`lead_funds\` ADD CONSTRAINT \`fk_lead_funds_lead\` FOREIGN KEY (\`lead_id\`) REFERENCES \`leads\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`lead_funds\` DROP FOREIGN KEY \`fk_lead_funds_lead\``);
    await queryRunner.query(`ALTER TABLE \`lead_notes\` DROP FOREIGN KEY \`fk_lead_notes_lead\``);
    await queryRunner.query(`ALTER TABLE \`stage_events\` DROP FOREIGN KEY \`fk_stage_events_lead\``);
    await queryRunner.query(`ALTER TABLE \`lead_categories\` DROP FOREIGN KEY \`fk_lead_categories_lead\``);
    await queryRunner.query(`ALTER TABLE \`leads\` DROP FOREIGN KEY \`fk_leads_owner\``);
    await queryRunner.query(`ALTER TABLE \`leads\` DROP FOREIGN KEY \`fk_leads_region\``);
    await queryRunner.query(`ALTER TABLE \`leads\` DROP FOREIGN KEY \`fk_leads_chamber\``);
    await queryRunner.query(`ALTER TABLE \`leads\` DROP FOREIGN KEY \`fk_leads_cluster\``);
    await queryRunner.query(`ALTER TABLE \`leads\` DROP FOREIGN KEY \`fk_leads_company\``);
    await queryRunner.query(`ALTER TABLE \`import_rows\` DROP FOREIGN KEY \`fk_import_rows_import\``);
    await queryRunner.query(`ALTER TABLE \`company_flags\` DROP FOREIGN KEY \`fk_company_flags_company\``);
    await queryRunner.query(`ALTER TABLE \`companies\` DROP FOREIGN KEY \`fk_companies_segment\``);
    await queryRunner.query(`ALTER TABLE \`companies\` DROP FOREIGN KEY \`fk_companies_cluster\``);
    await queryRunner.query(`ALTER TABLE \`companies\` DROP FOREIGN KEY \`fk_companies_origin_region\``);
    await queryRunner.query(`ALTER TABLE \`chambers\` DROP FOREIGN KEY \`fk_chambers_region\``);
    await queryRunner.query(`DROP INDEX \`idx_lead_funds_lead\` ON \`lead_funds\``);
    await queryRunner.query(`DROP TABLE \`lead_funds\``);
    await queryRunner.query(`DROP INDEX \`idx_lead_notes_lead\` ON \`lead_notes\``);
    await queryRunner.query(`DROP TABLE \`lead_notes\``);
    await queryRunner.query(`DROP INDEX \`idx_stage_events_lead\` ON \`stage_events\``);
    await queryRunner.query(`DROP INDEX \`idx_stage_events_to_at\` ON \`stage_events\``);
    await queryRunner.query(`DROP TABLE \`stage_events\``);
    await queryRunner.query(`DROP INDEX \`idx_lead_categories_category\` ON \`lead_categories\``);
    await queryRunner.query(`DROP TABLE \`lead_categories\``);
    await queryRunner.query(`DROP INDEX \`idx_leads_city_updated\` ON \`leads\``);
    await queryRunner.query(`DROP INDEX \`idx_leads_region_updated\` ON \`leads\``);
    await queryRunner.query(`DROP INDEX \`idx_leads_updated\` ON \`leads\``);
    await queryRunner.query(`DROP INDEX \`idx_leads_stage_updated\` ON \`leads\``);
    await queryRunner.query(`DROP INDEX \`idx_leads_cluster_updated\` ON \`leads\``);
    await queryRunner.query(`DROP INDEX \`idx_leads_owner_updated\` ON \`leads\``);
    await queryRunner.query(`DROP INDEX \`idx_leads_source_updated\` ON \`leads\``);
    await queryRunner.query(`DROP INDEX \`idx_leads_chamber\` ON \`leads\``);
    await queryRunner.query(`DROP INDEX \`idx_leads_company\` ON \`leads\``);
    await queryRunner.query(`DROP INDEX \`idx_leads_ownership_updated\` ON \`leads\``);
    await queryRunner.query(`DROP INDEX \`idx_leads_investment\` ON \`leads\``);
    await queryRunner.query(`DROP INDEX \`idx_leads_follow_up\` ON \`leads\``);
    await queryRunner.query(`DROP INDEX \`idx_leads_activity\` ON \`leads\``);
    await queryRunner.query(`DROP INDEX \`idx_leads_created_by\` ON \`leads\``);
    await queryRunner.query(`DROP TABLE \`leads\``);
    await queryRunner.query(`DROP INDEX \`idx_import_rows_outcome\` ON \`import_rows\``);
    await queryRunner.query(`DROP TABLE \`import_rows\``);
    await queryRunner.query(`DROP INDEX \`idx_imports_user\` ON \`imports\``);
    await queryRunner.query(`DROP TABLE \`imports\``);
    await queryRunner.query(`DROP INDEX \`idx_company_flags_flag\` ON \`company_flags\``);
    await queryRunner.query(`DROP TABLE \`company_flags\``);
    await queryRunner.query(`DROP INDEX \`uq_companies_credit_code\` ON \`companies\``);
    await queryRunner.query(`DROP INDEX \`idx_companies_name_normalised\` ON \`companies\``);
    await queryRunner.query(`DROP INDEX \`idx_companies_name_pinyin\` ON \`companies\``);
    await queryRunner.query(`DROP INDEX \`idx_companies_name_initials\` ON \`companies\``);
    await queryRunner.query(`DROP TABLE \`companies\``);
    await queryRunner.query(`DROP INDEX \`idx_chambers_name\` ON \`chambers\``);
    await queryRunner.query(`DROP INDEX \`idx_chambers_region\` ON \`chambers\``);
    await queryRunner.query(`DROP TABLE \`chambers\``);
  }
}
