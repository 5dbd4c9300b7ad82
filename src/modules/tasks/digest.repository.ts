import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JurisdictionScope } from '../../core/auth/jurisdiction-scope';

export interface DigestUserRow {
  id: string;
  role: string;
  regionCode: string;
  cityCode: string | null;
}

export interface DigestCounts {
  dueToday: number;
  overdue: number;
  inbox: number;
  openConflicts: number;
  openSlips: number;
  stalled: number;
}

/**
 * The morning digest's read model: counts over one user's tasks, their unit's linkage inbox, conflicts and slips
 * they settle, and their stalled leads. Read straight from the owners' tables (listed in
 * tools/eslint/boundaries.mjs): a count per user and day, which no owner's read service offers cheaper.
 */
@Injectable()
export class DigestRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Active users after `afterId`, in id order (the digest walks them in batches). */
  activeUsersAfter(afterId: string, limit: number): Promise<DigestUserRow[]> {
    return this.dataSource.query(
      `SELECT id, role, region_code AS regionCode, city_code AS cityCode FROM users WHERE active = 1 AND id > ? ORDER BY id LIMIT ${Number(limit)}`,
      [afterId],
    );
  }

  async countsFor(user: DigestUserRow, now: Date, dayEnd: Date): Promise<DigestCounts> {
    const [tasks] = await this.dataSource.query(
      `SELECT SUM(due_at >= ? AND due_at < ?) AS dueToday, SUM(due_at < ?) AS overdue
         FROM tasks WHERE assignee_id = ? AND status = 'open' AND due_at < ?`,
      [now, dayEnd, now, user.id, dayEnd],
    );
    const deciders = user.role === 'manager' || user.role === 'admin';
    const unitActors = deciders || user.role === 'officer';
    const [inbox] = unitActors
      ? await this.dataSource.query(
          `SELECT (SELECT COUNT(*) FROM lead_dispatches WHERE to_region_code = ? AND status = 'pending')
                + ${deciders ? "(SELECT COUNT(*) FROM lead_escalations WHERE to_region_code = ? AND status = 'pending')" : '0'} AS n`,
          deciders ? [user.regionCode, user.regionCode] : [user.regionCode],
        )
      : [{ n: 0 }];
    const scope = JurisdictionScope.of(user);
    const [conflictWhere, conflictParams] = inScope(scope, 'arbiter_');
    const [slipWhere, slipParams] = inScope(scope, '');
    const [conflicts] = deciders
      ? await this.dataSource.query(
          `SELECT COUNT(*) AS n FROM lead_conflicts WHERE status = 'open' AND ${conflictWhere}`,
          conflictParams,
        )
      : [{ n: 0 }];
    const [slips] = deciders
      ? await this.dataSource.query(
          `SELECT COUNT(*) AS n FROM supervision_slips WHERE status = 'open' AND ${slipWhere}`,
          slipParams,
        )
      : [{ n: 0 }];
    const [stalled] = await this.dataSource.query(
      `SELECT COUNT(*) AS n FROM leads WHERE owner_user_id = ? AND stall_level > 0 AND stall_episode_at = last_activity_at AND merged_into_lead_id IS NULL`,
      [user.id],
    );
    return {
      dueToday: Number(tasks?.dueToday ?? 0),
      overdue: Number(tasks?.overdue ?? 0),
      inbox: Number(inbox.n),
      openConflicts: Number(conflicts.n),
      openSlips: Number(slips.n),
      stalled: Number(stalled.n),
    };
  }
}

/** The condition that a row's unit (columns `<prefix>region_code`, `<prefix>city_code`) lies inside `scope`. */
function inScope(scope: JurisdictionScope, prefix: string): [string, unknown[]] {
  if (scope.level === 'city') return [`${prefix}city_code = ?`, [scope.cityCode]];
  if (scope.level === 'county') return [`${prefix}region_code = ?`, [scope.regionCode]];
  return ['1 = 1', []];
}
