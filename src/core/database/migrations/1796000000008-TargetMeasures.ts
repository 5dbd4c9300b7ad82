import { MigrationInterface, QueryRunner } from 'typeorm';

/** The measure each category's targets meant (frozen as it was when this migration was written). */
const MEASURE_OF_CATEGORY = `CASE
  WHEN \`category\` LIKE 'five50\\_%' OR \`category\` = 'sbsx_continuing' THEN 'under_construction'
  WHEN \`category\` = 'sbsx_construction' THEN 'construction_starts'
  WHEN \`category\` = 'sbsx_production' THEN 'production_starts'
  ELSE 'signings' END`;

/**
 * Targets name what they measure, and 完成投资 is recorded (docs/domain.md "Targets").
 *
 * - `targets.measure`: existing targets were counted by signings, except 年内开工 / 年内投产 by their starts. The
 *   5个50 and 续建 targets were meant as construction-progress targets (the plan's "推进项目建设"), so they move to
 *   `under_construction`, the measure those categories now default to; every other target keeps what it counted.
 * - `lead_investments`: the investment a project completed per month, with its source; `leads` keeps the total and
 *   the months (what analytics reads).
 * - Two roll-up measures: `invested` (完成投资, 1/10000 亿元) and `n_construction_ended` (a project stopped building:
 *   in production, dropped or moved back). The roll-ups are rebuilt once from the leads (the analytics state is
 *   marked for a wiping rebuild, which a starting worker runs, when there are projects), so the new measures hold
 *   for past projects too.
 */
export class TargetMeasures1796000000008 implements MigrationInterface {
  name = 'TargetMeasures1796000000008';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      "ALTER TABLE `targets` ADD `measure` varchar(24) NOT NULL DEFAULT 'signings' AFTER `category`",
    );
    await queryRunner.query(`UPDATE \`targets\` SET \`measure\` = ${MEASURE_OF_CATEGORY}`);
    await queryRunner.query('ALTER TABLE `targets` ALTER `measure` DROP DEFAULT');
    await queryRunner.query('DROP INDEX `uq_targets_year_unit_category` ON `targets`');
    await queryRunner.query(
      'CREATE UNIQUE INDEX `uq_targets_year_unit_category_measure` ON `targets` (`year`, `region_code`, `category`, `measure`)',
    );

    await queryRunner.query(
      "ALTER TABLE `leads` ADD `investment_completed_total` decimal(14,4) NOT NULL DEFAULT '0.0000' AFTER `funds_received_total`, ADD `investment_by_month` json NULL AFTER `investment_completed_total`",
    );
    await queryRunner.query(
      `CREATE TABLE \`lead_investments\` (
         \`id\` bigint NOT NULL AUTO_INCREMENT,
         \`lead_id\` bigint NOT NULL,
         \`month\` mediumint UNSIGNED NOT NULL,
         \`amount\` decimal(12,4) NOT NULL,
         \`source\` varchar(16) NOT NULL,
         \`note\` varchar(500) NULL,
         \`user_id\` bigint NULL,
         \`version\` int NOT NULL,
         \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
         \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
         UNIQUE INDEX \`uq_lead_investments_lead_month\` (\`lead_id\`, \`month\`),
         PRIMARY KEY (\`id\`),
         CONSTRAINT \`fk_lead_investments_lead\` FOREIGN KEY (\`lead_id\`) REFERENCES \`leads\` (\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION
       ) ENGINE=InnoDB`,
    );

    await queryRunner.query(
      'ALTER TABLE `analytics_cells` ADD `n_construction_ended` int NOT NULL DEFAULT 0, ADD `invested` bigint NOT NULL DEFAULT 0',
    );
    // Only a database with projects has roll-ups to redo.
    await queryRunner.query(
      'INSERT INTO `analytics_state` (`id`, `wipe_pending`) SELECT 1, 1 FROM `leads` LIMIT 1 ON DUPLICATE KEY UPDATE `wipe_pending` = 1',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `analytics_cells` DROP COLUMN `invested`, DROP COLUMN `n_construction_ended`');
    await queryRunner.query('DROP TABLE `lead_investments`');
    await queryRunner.query(
      'ALTER TABLE `leads` DROP COLUMN `investment_by_month`, DROP COLUMN `investment_completed_total`',
    );
    await queryRunner.query('DROP INDEX `uq_targets_year_unit_category_measure` ON `targets`');
    // The old key holds one target per category: keep the one of the measure the category had here (the old code
    // counted it), drop the others.
    await queryRunner.query(`DELETE FROM \`targets\` WHERE \`measure\` <> ${MEASURE_OF_CATEGORY}`);
    await queryRunner.query(
      'CREATE UNIQUE INDEX `uq_targets_year_unit_category` ON `targets` (`year`, `region_code`, `category`)',
    );
    await queryRunner.query('ALTER TABLE `targets` DROP COLUMN `measure`');
  }
}
