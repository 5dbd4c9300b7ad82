import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A task list without a status filter (GET /tasks: everything in the caller's unit, by due date) read its unit's
 * tasks through the (unit, status, due) indexes and sorted them all: 20,000 of a city's at the bench's full size.
 * These indexes give the list its order, so a page reads only its own rows.
 */
export class TaskDueOrder1796000000000 implements MigrationInterface {
  name = 'TaskDueOrder1796000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX `idx_tasks_city_due` ON `tasks` (`city_code`, `due_at`, `id`)');
    await queryRunner.query('CREATE INDEX `idx_tasks_region_due` ON `tasks` (`region_code`, `due_at`, `id`)');
    await queryRunner.query('CREATE INDEX `idx_tasks_due` ON `tasks` (`due_at`, `id`)');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `idx_tasks_due` ON `tasks`');
    await queryRunner.query('DROP INDEX `idx_tasks_region_due` ON `tasks`');
    await queryRunner.query('DROP INDEX `idx_tasks_city_due` ON `tasks`');
  }
}
