import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface CalendarTaskRow {
  id: string;
  title: string;
  dueAt: Date;
  updatedAt: Date;
}

export interface CalendarVisitRow {
  id: string;
  visitedAt: Date;
  location: string | null;
  summary: string | null;
  kind: string;
  updatedAt: Date;
}

/** The calendar feed's read model: one user's open tasks and the planned visits they attend. */
@Injectable()
export class CalendarRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  openTasksOf(userId: string, since: Date, limit: number): Promise<CalendarTaskRow[]> {
    return this.dataSource.query(
      `SELECT id, title, due_at AS dueAt, updated_at AS updatedAt FROM tasks
        WHERE assignee_id = ? AND status = 'open' AND due_at >= ? ORDER BY due_at LIMIT ${Number(limit)}`,
      [userId, since],
    );
  }

  /** Planned visits the user logged or attends (our_attendees holds user ids as strings). */
  plannedVisitsOf(userId: string, since: Date, limit: number): Promise<CalendarVisitRow[]> {
    return this.dataSource.query(
      `SELECT id, visited_at AS visitedAt, location, summary, kind, updated_at AS updatedAt FROM visits
        WHERE status = 'planned' AND visited_at >= ? AND (created_by = ? OR JSON_CONTAINS(our_attendees, JSON_QUOTE(?)))
        ORDER BY visited_at LIMIT ${Number(limit)}`,
      [since, userId, userId],
    );
  }
}
