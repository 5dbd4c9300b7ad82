import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 甄别确认 (docs/domain.md "Signing confirmation"): a move to 签约, 开工 or 投产 becomes a claim the unit above confirms.
 *
 * - `lead_claims`: the claims; `confirmation_rules`: what each claimed stage must show (none stored: the defaults).
 * - `stage_events.claim_id` / `confirmation`: the entry's claim and where it stands. Existing entries keep NULL,
 *   which counts like a confirmed one: **every project signed, started or in production before this migration is
 *   taken as confirmed.** Each such lead also gets one claim row, `confirmed` and `migrated`, for its current stage
 *   (or the stage it was held from), so its confirmation history says how it came to count.
 * - `leads.pending_claim_id`: the claim waiting on the lead (none yet).
 * - Four roll-up measures of claims waiting (`p_signed`, `pa_signed`, `p_construction`, `p_production`): no claim
 *   waits yet, so they are zero everywhere and nothing is rebuilt.
 */
export class SigningConfirmation1796000000011 implements MigrationInterface {
  name = 'SigningConfirmation1796000000011';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`lead_claims\` (
         \`id\` bigint NOT NULL AUTO_INCREMENT,
         \`lead_id\` bigint NOT NULL,
         \`region_code\` char(6) NOT NULL,
         \`city_code\` char(6) NULL,
         \`confirmer_region_code\` char(6) NOT NULL,
         \`from_stage\` varchar(16) NOT NULL,
         \`stages\` json NOT NULL,
         \`status\` varchar(12) NOT NULL,
         \`claimed_by\` bigint NULL,
         \`claimed_at\` datetime(3) NOT NULL,
         \`due_at\` datetime(3) NULL,
         \`ruled_by\` bigint NULL,
         \`ruled_at\` datetime(3) NULL,
         \`ruling\` varchar(1000) NULL,
         \`migrated\` tinyint NOT NULL DEFAULT 0,
         \`overdue_level\` tinyint UNSIGNED NOT NULL DEFAULT 0,
         \`overdue_at\` datetime(3) NULL,
         \`version\` int NOT NULL,
         \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
         \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
         INDEX \`idx_lead_claims_lead\` (\`lead_id\`, \`id\`),
         INDEX \`idx_lead_claims_confirmer\` (\`confirmer_region_code\`, \`status\`, \`id\`),
         INDEX \`idx_lead_claims_region\` (\`region_code\`, \`status\`, \`id\`),
         INDEX \`idx_lead_claims_city\` (\`city_code\`, \`status\`, \`id\`),
         PRIMARY KEY (\`id\`),
         CONSTRAINT \`fk_lead_claims_lead\` FOREIGN KEY (\`lead_id\`) REFERENCES \`leads\` (\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION
       ) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`confirmation_rules\` (
         \`stage\` varchar(16) NOT NULL,
         \`requirements\` json NOT NULL,
         \`updated_by\` bigint NULL,
         \`version\` int NOT NULL,
         \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
         PRIMARY KEY (\`stage\`)
       ) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      'ALTER TABLE `stage_events` ADD `claim_id` bigint NULL, ADD `confirmation` varchar(10) NULL',
    );
    // A ruling marks its claim's entries: found by the claim, not by reading every event.
    await queryRunner.query('CREATE INDEX `idx_stage_events_claim` ON `stage_events` (`claim_id`)');
    await queryRunner.query('ALTER TABLE `leads` ADD `pending_claim_id` bigint NULL AFTER `pending_dispatch_id`');
    // The projects already past signing count as confirmed: one migrated claim each says so on their history.
    await queryRunner.query(
      `INSERT INTO \`lead_claims\`
         (lead_id, region_code, city_code, confirmer_region_code, from_stage, stages, status, claimed_by, claimed_at,
          ruled_by, ruled_at, ruling, migrated, version)
       SELECT l.id, l.region_code, l.city_code,
              CASE WHEN l.city_code IS NULL OR l.city_code = l.region_code THEN '450000' ELSE l.city_code END,
              COALESCE(l.stage_before_hold, l.stage), JSON_ARRAY(COALESCE(l.stage_before_hold, l.stage)), 'confirmed',
              NULL, l.stage_entered_at, NULL, NOW(3), '甄别确认上线前已录入，迁移时视为已确认', 1, 1
         FROM \`leads\` l
        WHERE l.stage IN ('signed', 'construction', 'production')
           OR (l.stage = 'on_hold' AND l.stage_before_hold IN ('signed', 'construction', 'production'))`,
    );
    await queryRunner.query(
      'ALTER TABLE `analytics_cells` ADD `p_signed` int NOT NULL DEFAULT 0, ADD `pa_signed` bigint NOT NULL DEFAULT 0, ADD `p_construction` int NOT NULL DEFAULT 0, ADD `p_production` int NOT NULL DEFAULT 0',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Without claims, their deadlines have nothing to act on; and the entries they held back count again, so the
    // roll-ups are rebuilt.
    await queryRunner.query("DELETE FROM `linkage_deadlines` WHERE `subject_kind` = 'signing_claim'");
    await queryRunner.query(
      'INSERT INTO `analytics_state` (`id`, `wipe_pending`) SELECT 1, 1 FROM `leads` LIMIT 1 ON DUPLICATE KEY UPDATE `wipe_pending` = 1',
    );
    await queryRunner.query(
      'ALTER TABLE `analytics_cells` DROP COLUMN `p_production`, DROP COLUMN `p_construction`, DROP COLUMN `pa_signed`, DROP COLUMN `p_signed`',
    );
    await queryRunner.query('ALTER TABLE `leads` DROP COLUMN `pending_claim_id`');
    await queryRunner.query('DROP INDEX `idx_stage_events_claim` ON `stage_events`');
    await queryRunner.query('ALTER TABLE `stage_events` DROP COLUMN `confirmation`, DROP COLUMN `claim_id`');
    await queryRunner.query('DROP TABLE `confirmation_rules`');
    await queryRunner.query('DROP TABLE `lead_claims`');
  }
}
