import { MigrationInterface, QueryRunner } from 'typeorm';

export class ParksAndMatching1795777600436 implements MigrationInterface {
  name = 'ParksAndMatching1795777600436';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`park_segments\` (\`park_id\` bigint NOT NULL, \`segment_code\` varchar(64) NOT NULL, INDEX \`idx_park_segments_segment\` (\`segment_code\`, \`park_id\`), PRIMARY KEY (\`park_id\`, \`segment_code\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`park_companies\` (\`park_id\` bigint NOT NULL, \`company_id\` bigint NOT NULL, \`segment_code\` varchar(64) NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), INDEX \`idx_park_companies_segment\` (\`segment_code\`, \`park_id\`), INDEX \`idx_park_companies_company\` (\`company_id\`), PRIMARY KEY (\`park_id\`, \`company_id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`park_reservations\` (\`lead_id\` bigint NOT NULL, \`park_id\` bigint NOT NULL, \`land_mu\` decimal(12,2) NOT NULL DEFAULT '0.00', \`factory_sqm\` decimal(14,2) NOT NULL DEFAULT '0.00', \`status\` varchar(16) NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`released_at\` datetime(3) NULL, INDEX \`idx_park_reservations_park\` (\`park_id\`, \`status\`), PRIMARY KEY (\`lead_id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(`ALTER TABLE \`leads\` ADD \`fit_score\` decimal(4,1) NULL`);
    await queryRunner.query(`ALTER TABLE \`leads\` ADD \`fit_summary\` varchar(300) NULL`);
    await queryRunner.query(`ALTER TABLE \`parks\` ADD \`factory_planned_sqm\` decimal(14,2) NULL`);
    await queryRunner.query(`ALTER TABLE \`parks\` ADD \`ready_road\` tinyint NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE \`parks\` ADD \`ready_water\` tinyint NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE \`parks\` ADD \`ready_power\` tinyint NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE \`parks\` ADD \`ready_gas\` tinyint NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE \`parks\` ADD \`ready_network\` tinyint NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE \`parks\` ADD \`ready_levelled\` tinyint NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE \`parks\` ADD \`port_access\` tinyint NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE \`parks\` ADD \`rail_access\` tinyint NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE \`parks\` ADD \`hazardous_chemicals_allowed\` tinyint NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE \`parks\` ADD \`incentives\` text NULL`);
    await queryRunner.query(`ALTER TABLE \`parks\` ADD \`contact_unit\` varchar(128) NULL`);
    await queryRunner.query(`CREATE INDEX \`idx_parks_updated\` ON \`parks\` (\`updated_at\`)`);
    await queryRunner.query(`CREATE INDEX \`idx_parks_region\` ON \`parks\` (\`region_code\`, \`id\`)`);
    await queryRunner.query(
      `ALTER TABLE \`park_segments\` ADD CONSTRAINT \`fk_park_segments_park\` FOREIGN KEY (\`park_id\`) REFERENCES \`parks\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`park_companies\` ADD CONSTRAINT \`fk_park_companies_park\` FOREIGN KEY (\`park_id\`) REFERENCES \`parks\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`park_companies\` ADD CONSTRAINT \`fk_park_companies_company\` FOREIGN KEY (\`company_id\`) REFERENCES \`companies\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`park_reservations\` ADD CONSTRAINT \`fk_park_reservations_lead\` FOREIGN KEY (\`lead_id\`) REFERENCES \`leads\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`park_reservations\` ADD CONSTRAINT \`fk_park_reservations_park\` FOREIGN KEY (\`park_id\`) REFERENCES \`parks\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`park_reservations\` DROP FOREIGN KEY \`fk_park_reservations_park\``);
    await queryRunner.query(`ALTER TABLE \`park_reservations\` DROP FOREIGN KEY \`fk_park_reservations_lead\``);
    await queryRunner.query(`ALTER TABLE \`park_companies\` DROP FOREIGN KEY \`fk_park_companies_company\``);
    await queryRunner.query(`ALTER TABLE \`park_companies\` DROP FOREIGN KEY \`fk_park_companies_park\``);
    await queryRunner.query(`ALTER TABLE \`park_segments\` DROP FOREIGN KEY \`fk_park_segments_park\``);
    await queryRunner.query(`DROP INDEX \`idx_parks_region\` ON \`parks\``);
    await queryRunner.query(`DROP INDEX \`idx_parks_updated\` ON \`parks\``);
    await queryRunner.query(`ALTER TABLE \`parks\` DROP COLUMN \`contact_unit\``);
    await queryRunner.query(`ALTER TABLE \`parks\` DROP COLUMN \`incentives\``);
    await queryRunner.query(`ALTER TABLE \`parks\` DROP COLUMN \`hazardous_chemicals_allowed\``);
    await queryRunner.query(`ALTER TABLE \`parks\` DROP COLUMN \`rail_access\``);
    await queryRunner.query(`ALTER TABLE \`parks\` DROP COLUMN \`port_access\``);
    await queryRunner.query(`ALTER TABLE \`parks\` DROP COLUMN \`ready_levelled\``);
    await queryRunner.query(`ALTER TABLE \`parks\` DROP COLUMN \`ready_network\``);
    await queryRunner.query(`ALTER TABLE \`parks\` DROP COLUMN \`ready_gas\``);
    await queryRunner.query(`ALTER TABLE \`parks\` DROP COLUMN \`ready_power\``);
    await queryRunner.query(`ALTER TABLE \`parks\` DROP COLUMN \`ready_water\``);
    await queryRunner.query(`ALTER TABLE \`parks\` DROP COLUMN \`ready_road\``);
    await queryRunner.query(`ALTER TABLE \`parks\` DROP COLUMN \`factory_planned_sqm\``);
    await queryRunner.query(`ALTER TABLE \`leads\` DROP COLUMN \`fit_summary\``);
    await queryRunner.query(`ALTER TABLE \`leads\` DROP COLUMN \`fit_score\``);
    await queryRunner.query(`DROP INDEX \`idx_park_reservations_park\` ON \`park_reservations\``);
    await queryRunner.query(`DROP TABLE \`park_reservations\``);
    await queryRunner.query(`DROP INDEX \`idx_park_companies_company\` ON \`park_companies\``);
    await queryRunner.query(`DROP INDEX \`idx_park_companies_segment\` ON \`park_companies\``);
    await queryRunner.query(`DROP TABLE \`park_companies\``);
    await queryRunner.query(`DROP INDEX \`idx_park_segments_segment\` ON \`park_segments\``);
    await queryRunner.query(`DROP TABLE \`park_segments\``);
  }
}
