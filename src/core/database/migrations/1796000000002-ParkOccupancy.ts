import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A park's occupancy (land and floor space its signed projects hold, companies settled in it) kept on its row, so
 * the park list reads it with the park instead of summing reservations and residents per page. Counted here from
 * the existing rows; ParksRepository.refreshOccupancy keeps it from now on.
 */
export class ParkOccupancy1796000000002 implements MigrationInterface {
  name = 'ParkOccupancy1796000000002';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE \`parks\`
         ADD \`reserved_land_mu\` decimal(14,2) NOT NULL DEFAULT 0,
         ADD \`reserved_factory_sqm\` decimal(16,2) NOT NULL DEFAULT 0,
         ADD \`resident_count\` int NOT NULL DEFAULT 0`,
    );
    await queryRunner.query(
      `UPDATE parks p SET
          reserved_land_mu = (SELECT COALESCE(SUM(r.land_mu), 0) FROM park_reservations r WHERE r.park_id = p.id AND r.status = 'active'),
          reserved_factory_sqm = (SELECT COALESCE(SUM(r.factory_sqm), 0) FROM park_reservations r WHERE r.park_id = p.id AND r.status = 'active'),
          resident_count = (SELECT COUNT(*) FROM park_companies pc WHERE pc.park_id = p.id)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE `parks` DROP COLUMN `resident_count`, DROP COLUMN `reserved_factory_sqm`, DROP COLUMN `reserved_land_mu`',
    );
  }
}
