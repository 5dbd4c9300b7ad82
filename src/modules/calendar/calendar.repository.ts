import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { CalendarDayKind } from '../../core/common/deadline-calendar';

export interface CalendarYearRow {
  year: number;
  confirmed: boolean;
  version: number;
  updatedBy: string | null;
  updatedByName: string | null;
  updatedAt: Date;
  holidayCount: number;
  workdayCount: number;
}

export interface CalendarDayRow {
  date: string;
  kind: CalendarDayKind;
  name: string;
}

const YEAR_SELECT = `SELECT y.year, y.confirmed, y.version, y.updated_by AS updatedBy, u.display_name AS updatedByName,
    y.updated_at AS updatedAt,
    (SELECT COUNT(*) FROM calendar_days d WHERE d.year = y.year AND d.kind = 'holiday') AS holidayCount,
    (SELECT COUNT(*) FROM calendar_days d WHERE d.year = y.year AND d.kind = 'workday') AS workdayCount
  FROM calendar_years y LEFT JOIN users u ON u.id = y.updated_by`;
const DAY_SELECT = `SELECT DATE_FORMAT(date, '%Y-%m-%d') AS date, kind, name FROM calendar_days`;

type RawYear = Omit<CalendarYearRow, 'confirmed' | 'holidayCount' | 'workdayCount'> & {
  confirmed: number;
  holidayCount: string;
  workdayCount: string;
};

function yearRow(raw: RawYear): CalendarYearRow {
  return {
    ...raw,
    year: Number(raw.year),
    confirmed: Number(raw.confirmed) === 1,
    version: Number(raw.version),
    updatedBy: raw.updatedBy === null ? null : String(raw.updatedBy),
    holidayCount: Number(raw.holidayCount),
    workdayCount: Number(raw.workdayCount),
  };
}

/**
 * The maintained calendar: reference data with no owner unit (every signed-in user reads it, administrators
 * write it), so no jurisdiction applies. Dates are read as text: they are Shanghai calendar dates, not instants.
 */
@Injectable()
export class CalendarRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Newest year first, `limit + 1` rows before `beforeYear`. */
  async years(beforeYear: number | undefined, limit: number): Promise<CalendarYearRow[]> {
    const rows: RawYear[] = await this.dataSource.query(
      `${YEAR_SELECT} ${beforeYear === undefined ? '' : 'WHERE y.year < ?'} ORDER BY y.year DESC LIMIT ?`,
      beforeYear === undefined ? [limit + 1] : [beforeYear, limit + 1],
    );
    return rows.map(yearRow);
  }

  async year(year: number, manager: EntityManager = this.dataSource.manager): Promise<CalendarYearRow | null> {
    const [row]: RawYear[] = await manager.query(`${YEAR_SELECT} WHERE y.year = ?`, [year]);
    return row ? yearRow(row) : null;
  }

  /** The years in `years` that are maintained, and whether each is confirmed. */
  async maintained(years: number[]): Promise<Map<number, boolean>> {
    const rows: Array<{ year: number; confirmed: number }> = await this.dataSource.query(
      'SELECT year, confirmed FROM calendar_years WHERE year IN (?)',
      [years],
    );
    return new Map(rows.map((row) => [Number(row.year), Number(row.confirmed) === 1]));
  }

  daysOf(year: number, manager: EntityManager = this.dataSource.manager): Promise<CalendarDayRow[]> {
    return manager.query(`${DAY_SELECT} WHERE year = ? ORDER BY date`, [year]);
  }

  allDays(): Promise<CalendarDayRow[]> {
    return this.dataSource.query(`${DAY_SELECT} ORDER BY date`);
  }

  /** Changes whenever a year is added or saved: what the other processes poll before reloading the days. */
  async signature(): Promise<string> {
    const [row]: Array<{ years: string; versions: string | null }> = await this.dataSource.query(
      'SELECT COUNT(*) AS years, SUM(version) AS versions FROM calendar_years',
    );
    return `${row.years}:${row.versions ?? 0}`;
  }

  /** Locks a year's row for the transaction (null when the year is not maintained yet). */
  async lockYear(manager: EntityManager, year: number): Promise<{ version: number; confirmed: boolean } | null> {
    const [row]: Array<{ version: number; confirmed: number }> = await manager.query(
      'SELECT version, confirmed FROM calendar_years WHERE year = ? FOR UPDATE',
      [year],
    );
    return row ? { version: Number(row.version), confirmed: Number(row.confirmed) === 1 } : null;
  }

  /** Writes a year whole: its row (version + 1) and its days, replacing the ones before. */
  async replaceYear(
    manager: EntityManager,
    year: number,
    confirmed: boolean,
    updatedBy: string | null,
    days: CalendarDayRow[],
  ): Promise<void> {
    await manager.query(
      `INSERT INTO calendar_years (year, confirmed, version, updated_by) VALUES (?, ?, 1, ?)
         ON DUPLICATE KEY UPDATE confirmed = VALUES(confirmed), version = version + 1, updated_by = VALUES(updated_by)`,
      [year, confirmed, updatedBy],
    );
    await manager.query('DELETE FROM calendar_days WHERE year = ?', [year]);
    if (days.length > 0) {
      await manager.query('INSERT INTO calendar_days (date, year, kind, name) VALUES ?', [
        days.map((day) => [day.date, year, day.kind, day.name]),
      ]);
    }
  }
}
