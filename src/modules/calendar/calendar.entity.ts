import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { UpdatedAtColumn } from '../../core/database/timestamp-columns';
import type { CalendarDayKind } from '../../core/common/deadline-calendar';

/**
 * A year of the calendar administrators maintain over the national one (docs/architecture.md "Working days"):
 * Guangxi's own holidays such as 壮族三月三 and their make-up days, and any national day the chinese-days package
 * does not list yet. `confirmed` is false for a year the reference seeds wrote from the statute alone.
 */
@Entity({ name: 'calendar_years' })
export class CalendarYearEntity {
  @PrimaryColumn({ type: 'smallint' })
  year: number;

  @Column({ type: 'boolean', default: false })
  confirmed: boolean;

  @Column({ type: 'int', default: 1 })
  version: number;

  /** Null for the reference seeds. */
  @Column({ type: 'bigint', nullable: true })
  updatedBy: string | null;

  @UpdatedAtColumn()
  updatedAt: Date;
}

/** One date of a maintained year: a day off (holiday) or a make-up working day (workday), Asia/Shanghai. */
@Entity({ name: 'calendar_days' })
@Index('idx_calendar_days_year', ['year'])
export class CalendarDayEntity {
  /** YYYY-MM-DD. */
  @PrimaryColumn({ type: 'date' })
  date: string;

  @Column({ type: 'smallint' })
  year: number;

  @Column({ type: 'varchar', length: 16 })
  kind: CalendarDayKind;

  @Column({ type: 'varchar', length: 64 })
  name: string;
}
