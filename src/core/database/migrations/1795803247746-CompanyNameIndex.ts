import { MigrationInterface, QueryRunner } from 'typeorm';

export class CompanyNameIndex1795803247746 implements MigrationInterface {
  name = 'CompanyNameIndex1795803247746';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX \`idx_companies_name\` ON \`companies\` (\`name\`)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`idx_companies_name\` ON \`companies\``);
  }
}
