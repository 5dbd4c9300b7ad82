import { MigrationInterface, QueryRunner } from 'typeorm';
import { companyNameCore } from '../../../shared/company-similarity';

const BATCH = 5000;

/**
 * 撞单 by similarity (docs/domain.md "撞单 by similarity"): each company's 字号 (`name_core`), its aliases and
 * former names, and its place in a group (parent, subsidiary or branch); a conflict records how alike its two
 * companies are and why. The existing companies get their 字号 here, by the rule as it ships with this migration;
 * a later change to the rule brings its own recount.
 */
export class CompanySimilarity1796000000005 implements MigrationInterface {
  name = 'CompanySimilarity1796000000005';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE \`companies\`
         ADD \`name_core\` varchar(128) NOT NULL DEFAULT '',
         ADD \`parent_company_id\` bigint NULL,
         ADD \`parent_relation\` varchar(16) NULL,
         ADD INDEX \`idx_companies_name_core\` (\`name_core\`),
         ADD INDEX \`idx_companies_parent\` (\`parent_company_id\`),
         ADD CONSTRAINT \`fk_companies_parent\` FOREIGN KEY (\`parent_company_id\`) REFERENCES \`companies\`(\`id\`) ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE TABLE \`company_aliases\` (
         \`id\` bigint NOT NULL AUTO_INCREMENT,
         \`company_id\` bigint NOT NULL,
         \`name\` varchar(128) NOT NULL,
         \`name_core\` varchar(128) NOT NULL,
         \`kind\` varchar(16) NOT NULL,
         \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
         UNIQUE INDEX \`uq_company_aliases_name\` (\`company_id\`, \`name\`),
         INDEX \`idx_company_aliases_core\` (\`name_core\`),
         PRIMARY KEY (\`id\`),
         CONSTRAINT \`fk_company_aliases_company\` FOREIGN KEY (\`company_id\`) REFERENCES \`companies\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION
       ) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `ALTER TABLE \`lead_conflicts\`
         ADD \`second_company_id\` bigint NULL,
         ADD \`similarity\` decimal(4,3) NOT NULL DEFAULT 1,
         ADD \`reasons\` json NULL,
         ADD CONSTRAINT \`fk_lead_conflicts_second_company\` FOREIGN KEY (\`second_company_id\`) REFERENCES \`companies\`(\`id\`) ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // The existing conflicts were found by the one company both leads name.
    await queryRunner.query(
      `UPDATE lead_conflicts SET reasons = '[{"code":"same_company","detail":""}]' WHERE reasons IS NULL`,
    );
    for (let afterId = 0; ;) {
      const rows: Array<{ id: string; name: string }> = await queryRunner.query(
        'SELECT id, name FROM companies WHERE id > ? ORDER BY id LIMIT ?',
        [afterId, BATCH],
      );
      if (rows.length === 0) break;
      const cases = rows.map(() => 'WHEN ? THEN ?').join(' ');
      await queryRunner.query(`UPDATE companies SET name_core = CASE id ${cases} END WHERE id IN (?)`, [
        ...rows.flatMap((row) => [row.id, companyNameCore(row.name)]),
        rows.map((row) => row.id),
      ]);
      afterId = Number(rows[rows.length - 1].id);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE `lead_conflicts` DROP FOREIGN KEY `fk_lead_conflicts_second_company`, DROP COLUMN `reasons`, DROP COLUMN `similarity`, DROP COLUMN `second_company_id`',
    );
    await queryRunner.query('DROP TABLE `company_aliases`');
    await queryRunner.query(
      'ALTER TABLE `companies` DROP FOREIGN KEY `fk_companies_parent`, DROP INDEX `idx_companies_parent`, DROP INDEX `idx_companies_name_core`, DROP COLUMN `parent_relation`, DROP COLUMN `parent_company_id`, DROP COLUMN `name_core`',
    );
  }
}
