import { MigrationInterface, QueryRunner } from 'typeorm';

export class ChamberFeedback1795768177214 implements MigrationInterface {
  name = 'ChamberFeedback1795768177214';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`leads\` ADD \`chamber_feedback_due_at\` datetime(3) NULL`);
    await queryRunner.query(`ALTER TABLE \`leads\` ADD \`chamber_feedback_given_at\` datetime(3) NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`leads\` DROP COLUMN \`chamber_feedback_given_at\``);
    await queryRunner.query(`ALTER TABLE \`leads\` DROP COLUMN \`chamber_feedback_due_at\``);
  }
}
