import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The supervision slip list without a status filter (GET /supervision-slips, newest first) walked the primary key
 * backwards and skipped the other units' slips: about ten rows read for each one a city manager sees. These give
 * the list its order within a unit.
 */
export class SlipUnitOrder1796000000003 implements MigrationInterface {
  name = 'SlipUnitOrder1796000000003';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX `idx_supervision_slips_city_id` ON `supervision_slips` (`city_code`, `id`)');
    await queryRunner.query(
      'CREATE INDEX `idx_supervision_slips_region_id` ON `supervision_slips` (`region_code`, `id`)',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `idx_supervision_slips_region_id` ON `supervision_slips`');
    await queryRunner.query('DROP INDEX `idx_supervision_slips_city_id` ON `supervision_slips`');
  }
}
