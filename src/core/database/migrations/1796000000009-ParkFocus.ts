import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A park says what it is for (主导产业、定位): the plan's words for the seeded parks (filled by the reference seed at
 * start where nobody has written one), the administrators' for the rest.
 */
export class ParkFocus1796000000009 implements MigrationInterface {
  name = 'ParkFocus1796000000009';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `parks` ADD `focus` varchar(500) NULL AFTER `hazardous_chemicals_allowed`');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `parks` DROP COLUMN `focus`');
  }
}
