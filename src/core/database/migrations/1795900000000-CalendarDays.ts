import { MigrationInterface, QueryRunner } from 'typeorm';

/** The calendar administrators maintain over the national one: Guangxi's holidays (壮族三月三) and make-up days. */
export class CalendarDays1795900000000 implements MigrationInterface {
  name = 'CalendarDays1795900000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`calendar_years\` (\`year\` smallint NOT NULL, \`confirmed\` tinyint NOT NULL DEFAULT 0, \`version\` int NOT NULL DEFAULT '1', \`updated_by\` bigint NULL, \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), PRIMARY KEY (\`year\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`calendar_days\` (\`date\` date NOT NULL, \`year\` smallint NOT NULL, \`kind\` varchar(16) NOT NULL, \`name\` varchar(64) NOT NULL, INDEX \`idx_calendar_days_year\` (\`year\`), PRIMARY KEY (\`date\`)) ENGINE=InnoDB`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE \`calendar_days\``);
    await queryRunner.query(`DROP TABLE \`calendar_years\``);
  }
}
