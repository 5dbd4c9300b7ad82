import { MigrationInterface, QueryRunner } from 'typeorm';

// Written by hand: migration:generate does not see collation changes. Idempotency keys compare byte for byte.
export class BinaryIdempotencyKey1795770591589 implements MigrationInterface {
  name = 'BinaryIdempotencyKey1795770591589';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE \`visits\` MODIFY \`idempotency_key\` varchar(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`visits\` MODIFY \`idempotency_key\` varchar(128) NULL`);
  }
}
