import { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1795765069215 implements MigrationInterface {
  name = 'Foundation1795765069215';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`regions\` (\`code\` char(6) NOT NULL, \`name\` varchar(64) NOT NULL, \`level\` varchar(16) NOT NULL, \`parent_code\` char(6) NULL, \`province_code\` char(6) NOT NULL, \`city_code\` char(6) NULL, \`is_key_industrial_county\` tinyint NOT NULL DEFAULT 0, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX \`idx_regions_city_code\` (\`city_code\`), INDEX \`idx_regions_parent_code\` (\`parent_code\`, \`code\`), PRIMARY KEY (\`code\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`clusters\` (\`code\` varchar(32) NOT NULL, \`name\` varchar(64) NOT NULL, \`name_en\` varchar(128) NOT NULL, \`lead_unit\` varchar(128) NOT NULL, \`focus_places\` json NOT NULL, \`sort_order\` smallint NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), PRIMARY KEY (\`code\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`cluster_focus_regions\` (\`cluster_code\` varchar(32) NOT NULL, \`region_code\` char(6) NOT NULL, \`focus\` varchar(255) NOT NULL DEFAULT '', PRIMARY KEY (\`cluster_code\`, \`region_code\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`cluster_segments\` (\`code\` varchar(64) NOT NULL, \`cluster_code\` varchar(32) NOT NULL, \`name\` varchar(64) NOT NULL, \`name_en\` varchar(128) NOT NULL, \`position\` varchar(16) NOT NULL, \`sort_order\` smallint NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX \`idx_cluster_segments_cluster\` (\`cluster_code\`, \`sort_order\`), PRIMARY KEY (\`code\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`parks\` (\`id\` bigint NOT NULL AUTO_INCREMENT, \`code\` varchar(64) NULL, \`name\` varchar(128) NOT NULL, \`region_code\` char(6) NOT NULL, \`city_code\` char(6) NOT NULL, \`kind\` varchar(32) NULL, \`land_available_mu\` decimal(12,2) NULL, \`factory_available_sqm\` decimal(14,2) NULL, \`version\` int NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX \`idx_parks_city\` (\`city_code\`, \`id\`), UNIQUE INDEX \`uq_parks_code\` (\`code\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`park_clusters\` (\`park_id\` bigint NOT NULL, \`cluster_code\` varchar(32) NOT NULL, \`is_primary\` tinyint NOT NULL DEFAULT 1, INDEX \`idx_park_clusters_cluster\` (\`cluster_code\`, \`park_id\`), PRIMARY KEY (\`park_id\`, \`cluster_code\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `ALTER TABLE \`regions\` ADD CONSTRAINT \`fk_regions_parent\` FOREIGN KEY (\`parent_code\`) REFERENCES \`regions\`(\`code\`) ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`cluster_focus_regions\` ADD CONSTRAINT \`fk_cluster_focus_cluster\` FOREIGN KEY (\`cluster_code\`) REFERENCES \`clusters\`(\`code\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`cluster_focus_regions\` ADD CONSTRAINT \`fk_cluster_focus_region\` FOREIGN KEY (\`region_code\`) REFERENCES \`regions\`(\`code\`) ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`cluster_segments\` ADD CONSTRAINT \`fk_cluster_segments_cluster\` FOREIGN KEY (\`cluster_code\`) REFERENCES \`clusters\`(\`code\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`parks\` ADD CONSTRAINT \`fk_parks_region\` FOREIGN KEY (\`region_code\`) REFERENCES \`regions\`(\`code\`) ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`park_clusters\` ADD CONSTRAINT \`fk_park_clusters_park\` FOREIGN KEY (\`park_id\`) REFERENCES \`parks\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`park_clusters\` ADD CONSTRAINT \`fk_park_clusters_cluster\` FOREIGN KEY (\`cluster_code\`) REFERENCES \`clusters\`(\`code\`) ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`park_clusters\` DROP FOREIGN KEY \`fk_park_clusters_cluster\``);
    await queryRunner.query(`ALTER TABLE \`park_clusters\` DROP FOREIGN KEY \`fk_park_clusters_park\``);
    await queryRunner.query(`ALTER TABLE \`parks\` DROP FOREIGN KEY \`fk_parks_region\``);
    await queryRunner.query(`ALTER TABLE \`cluster_segments\` DROP FOREIGN KEY \`fk_cluster_segments_cluster\``);
    await queryRunner.query(`ALTER TABLE \`cluster_focus_regions\` DROP FOREIGN KEY \`fk_cluster_focus_region\``);
    await queryRunner.query(`ALTER TABLE \`cluster_focus_regions\` DROP FOREIGN KEY \`fk_cluster_focus_cluster\``);
    await queryRunner.query(`ALTER TABLE \`regions\` DROP FOREIGN KEY \`fk_regions_parent\``);
    await queryRunner.query(`DROP INDEX \`idx_park_clusters_cluster\` ON \`park_clusters\``);
    await queryRunner.query(`DROP TABLE \`park_clusters\``);
    await queryRunner.query(`DROP INDEX \`uq_parks_code\` ON \`parks\``);
    await queryRunner.query(`DROP INDEX \`idx_parks_city\` ON \`parks\``);
    await queryRunner.query(`DROP TABLE \`parks\``);
    await queryRunner.query(`DROP INDEX \`idx_cluster_segments_cluster\` ON \`cluster_segments\``);
    await queryRunner.query(`DROP TABLE \`cluster_segments\``);
    await queryRunner.query(`DROP TABLE \`cluster_focus_regions\``);
    await queryRunner.query(`DROP TABLE \`clusters\``);
    await queryRunner.query(`DROP INDEX \`idx_regions_parent_code\` ON \`regions\``);
    await queryRunner.query(`DROP INDEX \`idx_regions_city_code\` ON \`regions\``);
    await queryRunner.query(`DROP TABLE \`regions\``);
  }
}
