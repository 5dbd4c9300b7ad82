import { MigrationInterface, QueryRunner } from 'typeorm';

// Written by hand (data, not schema): leads registered before linkage deadlines existed still owe their chamber
// feedback. Their due date gets an overdue deadline row; the reconciler queues its job as the time comes near.
export class BackfillChamberFeedbackDeadlines1795775000000 implements MigrationInterface {
  name = 'BackfillChamberFeedbackDeadlines1795775000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `INSERT IGNORE INTO \`linkage_deadlines\` (\`subject_kind\`, \`subject_id\`, \`round\`, \`step\`, \`level\`, \`fire_at\`, \`status\`)
       SELECT 'chamber_feedback', \`id\`, 0, 'overdue', 1, \`chamber_feedback_due_at\`, 'scheduled' FROM \`leads\`
        WHERE \`chamber_feedback_due_at\` > CURRENT_TIMESTAMP(3) AND \`chamber_feedback_given_at\` IS NULL AND \`merged_into_lead_id\` IS NULL`,
    );
  }

  public async down(): Promise<void> {
    // Nothing to undo: the rows are ordinary deadlines by now, some fired.
  }
}
