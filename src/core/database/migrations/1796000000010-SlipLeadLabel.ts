import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A supervision slip carries its lead's label (title, confidentiality, code name and holding unit), so the slip list
 * names the lead without reading lead rows (issue 21: 51 primary-key reads of leads per page cost the list a third
 * of its speed). Existing slips copy their leads' current labels; TasksLeadEffect keeps them in step from now on.
 */
export class SlipLeadLabel1796000000010 implements MigrationInterface {
  name = 'SlipLeadLabel1796000000010';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE \`supervision_slips\`
         ADD \`lead_title\` varchar(200) NULL,
         ADD \`lead_confidential\` tinyint NOT NULL DEFAULT 0,
         ADD \`lead_code_name\` varchar(64) NULL,
         ADD \`lead_region_code\` char(6) NULL,
         ADD \`lead_city_code\` char(6) NULL`,
    );
    await queryRunner.query(
      `UPDATE \`supervision_slips\` s JOIN \`leads\` l ON l.id = s.lead_id
          SET s.lead_title = l.title, s.lead_confidential = l.confidential, s.lead_code_name = l.code_name,
              s.lead_region_code = l.region_code, s.lead_city_code = l.city_code`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE \`supervision_slips\` DROP COLUMN \`lead_city_code\`, DROP COLUMN \`lead_region_code\`,
         DROP COLUMN \`lead_code_name\`, DROP COLUMN \`lead_confidential\`, DROP COLUMN \`lead_title\``,
    );
  }
}
