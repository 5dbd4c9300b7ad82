import { MigrationInterface, QueryRunner } from 'typeorm';

/** A ruling's outcome gains distinct_projects (two projects, both leads kept), longer than the column allowed. */
export class ConflictOutcomeLength1796000000004 implements MigrationInterface {
  name = 'ConflictOutcomeLength1796000000004';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `lead_conflicts` MODIFY `outcome` varchar(24) NULL');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("UPDATE `lead_conflicts` SET `outcome` = NULL WHERE `outcome` = 'distinct_projects'");
    await queryRunner.query('ALTER TABLE `lead_conflicts` MODIFY `outcome` varchar(16) NULL');
  }
}
