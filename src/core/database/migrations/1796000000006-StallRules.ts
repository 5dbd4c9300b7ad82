import { MigrationInterface, QueryRunner } from 'typeorm';
import { rulesFromCalendarDays } from '../../../shared/stall-rules';

/** STALL_YELLOW_DAYS's default as it shipped before this migration. */
const SHIPPED_YELLOW_DAYS = 'lead:30,contacted:30,site_visit:21,negotiating:21,signed:60,construction:90';

/**
 * The 三色预警 rules move from the environment into the database (docs/domain.md "Stall rules"): versioned rows an
 * administrator edits in the app, per stage and project tier, in working days, with a release (回收) step. Version 1
 * is this deployment's STALL_YELLOW_DAYS as set when the migration runs (or its shipped default), in working days
 * (five of every seven calendar days), red at twice yellow as before, every tier alike, no release; tier A from 10
 * 亿元, B from 1 亿元, and a 督办单 answered within 5 working days. Supervision slips gain that due date and the
 * overdue level it escalates by; the slips opened before keep no due date.
 */
export class StallRules1796000000006 implements MigrationInterface {
  name = 'StallRules1796000000006';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`stall_rule_versions\` (
         \`version\` int NOT NULL,
         \`tier_a_min_yi\` decimal(12,4) NOT NULL,
         \`tier_b_min_yi\` decimal(12,4) NOT NULL,
         \`slip_due_days\` tinyint UNSIGNED NOT NULL,
         \`rules\` json NOT NULL,
         \`note\` varchar(300) NULL,
         \`created_by\` bigint NULL,
         \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
         PRIMARY KEY (\`version\`)
       ) ENGINE=InnoDB`,
    );
    const written = process.env.STALL_YELLOW_DAYS?.trim() || SHIPPED_YELLOW_DAYS;
    const yellowDays = Object.fromEntries(
      written
        .split(',')
        .map((pair) => pair.trim().split(':'))
        .filter(([, days]) => /^[1-9]\d{0,3}$/.test(days ?? ''))
        .map(([stage, days]) => [stage, Number(days)]),
    );
    await queryRunner.query(
      `INSERT INTO stall_rule_versions (version, tier_a_min_yi, tier_b_min_yi, slip_due_days, rules, note)
       VALUES (1, 10, 1, 5, ?, ?)`,
      [
        JSON.stringify(rulesFromCalendarDays(yellowDays)),
        `由 STALL_YELLOW_DAYS=${written} 迁移（自然日按 5/7 折算为工作日）`,
      ],
    );
    await queryRunner.query(
      `ALTER TABLE \`supervision_slips\`
         ADD \`due_at\` datetime(3) NULL,
         ADD \`overdue_level\` tinyint UNSIGNED NOT NULL DEFAULT 0,
         ADD \`overdue_at\` datetime(3) NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE `supervision_slips` DROP COLUMN `overdue_at`, DROP COLUMN `overdue_level`, DROP COLUMN `due_at`',
    );
    await queryRunner.query('DROP TABLE `stall_rule_versions`');
  }
}
