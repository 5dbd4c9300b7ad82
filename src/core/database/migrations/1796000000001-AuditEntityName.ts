import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail keeps each record's name with the entry (written in the change's transaction), so its list reads
 * one table instead of a lookup per kind of record. Existing entries are named here by the records' current names,
 * the best this migration can know; the kinds are frozen as they were when it was written.
 */
const LEAD_TITLE_OF = (table: string) =>
  `(SELECT l.title FROM ${table} r JOIN leads l ON l.id = r.lead_id WHERE r.id = a.entity_id)`;
const FROZEN_NAMES: Record<string, string> = {
  lead: '(SELECT title FROM leads WHERE id = a.entity_id)',
  lead_collaborator: "(SELECT title FROM leads WHERE id = SUBSTRING_INDEX(a.entity_id, '-', 1))",
  lead_dispatch: LEAD_TITLE_OF('lead_dispatches'),
  lead_escalation: LEAD_TITLE_OF('lead_escalations'),
  lead_fund: LEAD_TITLE_OF('lead_funds'),
  lead_note: LEAD_TITLE_OF('lead_notes'),
  supervision_slip: LEAD_TITLE_OF('supervision_slips'),
  lead_conflict: `(SELECT CONCAT(x.title, ' / ', y.title) FROM lead_conflicts c
    JOIN leads x ON x.id = c.first_lead_id JOIN leads y ON y.id = c.second_lead_id WHERE c.id = a.entity_id)`,
  company: '(SELECT name FROM companies WHERE id = a.entity_id)',
  chamber: '(SELECT name FROM chambers WHERE id = a.entity_id)',
  park: '(SELECT name FROM parks WHERE id = a.entity_id)',
  park_company: "(SELECT name FROM parks WHERE id = SUBSTRING_INDEX(a.entity_id, '-', 1))",
  team: '(SELECT name FROM teams WHERE id = a.entity_id)',
  user: '(SELECT display_name FROM users WHERE id = a.entity_id)',
  task: '(SELECT title FROM tasks WHERE id = a.entity_id)',
  import: '(SELECT file_name FROM imports WHERE id = a.entity_id)',
  calendar_year: "(SELECT CONCAT(year, '年工作日历') FROM calendar_years WHERE year = a.entity_id)",
  visit: `(SELECT CONCAT(COALESCE(c.name, ch.name, ''), ' ', DATE_FORMAT(CONVERT_TZ(v.visited_at, '+00:00', '+08:00'), '%Y-%m-%d'))
    FROM visits v LEFT JOIN companies c ON c.id = v.company_id LEFT JOIN chambers ch ON ch.id = v.chamber_id WHERE v.id = a.entity_id)`,
};

export class AuditEntityName1796000000001 implements MigrationInterface {
  name = 'AuditEntityName1796000000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `audit_log` ADD `entity_name` varchar(300) NULL AFTER `entity_id`');
    // One kind at a time, so each statement uses the entity index and a single subselect.
    for (const [kind, name] of Object.entries(FROZEN_NAMES)) {
      await queryRunner.query(
        `UPDATE audit_log a SET a.entity_name = LEFT(${name}, 300)
          WHERE a.entity = ? AND a.entity_id REGEXP '^[1-9][0-9]{0,17}(-[0-9]+)?$'`,
        [kind],
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `audit_log` DROP COLUMN `entity_name`');
  }
}
