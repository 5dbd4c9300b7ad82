import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthPrincipal } from '../../core/auth/principal';
import {
  dayOffName,
  nationalCalendarHas,
  nationalDayName,
  parseDeadlineSpec,
  planDeadline,
  shanghaiDate,
  useMaintainedDays,
} from '../../core/common/deadline-calendar';
import { decodeKeyCursor, toPage } from '../../core/common/pagination';
import { DomainException } from '../../core/errors/domain.exception';
import { AuditService } from '../audit/audit.service';
import { CalendarDayRow, CalendarRepository, CalendarYearRow } from './calendar.repository';
import {
  CalendarDayDto,
  CalendarYearDto,
  CalendarYearListQueryDto,
  CalendarYearPageDto,
  CalendarYearPutDto,
  CalendarYearSummaryDto,
  DayOffDto,
  DeadlinePreviewDto,
  DeadlinePreviewQueryDto,
} from './dto/calendar.dto';

/** How often a process looks for days another process saved (the saving process reloads at once). */
const REFRESH_MS = 60_000;
const DAY_MS = 86_400_000;

function summary(row: CalendarYearRow): CalendarYearSummaryDto {
  return {
    year: row.year,
    confirmed: row.confirmed,
    version: row.version,
    holidayCount: row.holidayCount,
    workdayCount: row.workdayCount,
    nationalListed: nationalCalendarHas(row.year),
    updatedBy: row.updatedBy,
    updatedByName: row.updatedByName,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The national days of a year as the chinese-days package lists them. */
function nationalDaysOf(year: number): CalendarDayDto[] {
  const days: CalendarDayDto[] = [];
  for (let time = Date.UTC(year, 0, 1); time < Date.UTC(year + 1, 0, 1); time += DAY_MS) {
    const date = new Date(time).toISOString().slice(0, 10);
    const name = nationalDayName(date);
    if (!name) continue;
    const weekday = new Date(time).getUTCDay();
    // The package lists a make-up day as a workday on a weekend, a holiday otherwise.
    days.push({ date, kind: weekday === 0 || weekday === 6 ? 'workday' : 'holiday', name });
  }
  return days;
}

/**
 * The working-day calendar administrators maintain over the national one (docs/architecture.md "Working days"):
 * loaded into every process at start, reloaded at once where it is saved and within a minute elsewhere, so every
 * deadline (linkage, tasks, stall rules, quarterly reports) counts 壮族三月三 and its make-up days.
 */
@Injectable()
export class CalendarService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(CalendarService.name);
  private loadedSignature = '';
  private refreshTimer: NodeJS.Timeout | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly calendar: CalendarRepository,
    private readonly audit: AuditService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.reload();
    for (const warning of await this.warnings()) this.logger.warn(warning);
    this.refreshTimer = setInterval(() => {
      this.reloadIfChanged().catch((error: Error) =>
        this.logger.warn(
          { error: error.message },
          'Could not refresh the maintained calendar; keeping the days loaded',
        ),
      );
    }, REFRESH_MS);
    this.refreshTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.refreshTimer);
  }

  /**
   * What needs an administrator: the current year and, from December, the next one, when its national holidays
   * are neither in the package nor maintained, or its Guangxi days are missing or provisional.
   */
  async warnings(today = shanghaiDate(new Date())): Promise<string[]> {
    const year = Number(today.slice(0, 4));
    const years = today.slice(5, 7) === '12' ? [year, year + 1] : [year];
    const maintained = await this.calendar.maintained(years);
    const warnings: string[] = [];
    for (const each of years) {
      const confirmed = maintained.get(each);
      if (confirmed === undefined)
        warnings.push(`${each}: Guangxi's days (壮族三月三 and make-up days) are not loaded`);
      else if (!confirmed)
        warnings.push(`${each}: Guangxi's days are provisional (the statutory 壮族三月三 only); confirm them`);
      if (!nationalCalendarHas(each) && !confirmed)
        warnings.push(`${each}: the national holidays are not in chinese-days; enter them or update the package`);
    }
    return warnings;
  }

  async list(query: CalendarYearListQueryDto): Promise<CalendarYearPageDto> {
    const before = query.cursor ? Number(decodeKeyCursor(query.cursor, /^\d{4}$/)) : undefined;
    const rows = await this.calendar.years(before, query.limit);
    const page = toPage(rows, query.limit, (row) => [row.year], summary);
    return { ...page, warnings: await this.warnings() };
  }

  async get(year: number): Promise<CalendarYearDto> {
    const row = await this.calendar.year(year);
    if (!row) throw DomainException.notFound('Calendar year', String(year));
    return { ...summary(row), days: await this.calendar.daysOf(year), nationalDays: nationalDaysOf(year) };
  }

  async put(principal: AuthPrincipal, year: number, dto: CalendarYearPutDto): Promise<CalendarYearDto> {
    const days = this.checkedDays(year, dto.days);
    await this.dataSource.transaction(async (manager) => {
      const current = await this.calendar.lockYear(manager, year);
      if (current && dto.version !== current.version)
        throw DomainException.versionConflict('Calendar year', String(year), current.version);
      const before = current ? await this.calendar.daysOf(year, manager) : [];
      await this.calendar.replaceYear(manager, year, dto.confirmed, principal.userId, days);
      const describe = (list: CalendarDayRow[]) => list.map((day) => `${day.date} ${day.kind} ${day.name}`);
      await this.audit.record(manager, {
        actor: principal,
        action: current ? 'update' : 'create',
        entity: 'calendar_year',
        entityId: String(year),
        unit: null,
        changes: {
          confirmed: [current?.confirmed ?? null, dto.confirmed],
          days: [describe(before), describe(days)],
        },
      });
    });
    await this.reload();
    return this.get(year);
  }

  /** When a period that starts at `from` ends, by the calendar as it stands, and the days off it steps over. */
  preview(query: DeadlinePreviewQueryDto): DeadlinePreviewDto {
    const from = new Date(query.from);
    let spec;
    try {
      spec = parseDeadlineSpec(query.spec);
    } catch (error) {
      throw DomainException.validation('spec', 'isDeadline', (error as Error).message);
    }
    const plan = planDeadline(from, spec);
    const skipped: DayOffDto[] = [];
    if (spec.kind === 'working_days') {
      for (let time = from.getTime() + DAY_MS; time < plan.dueAt.getTime(); time += DAY_MS) {
        const date = shanghaiDate(new Date(time));
        const name = dayOffName(date);
        if (name) skipped.push({ date, name });
      }
    }
    return {
      from: from.toISOString(),
      spec: query.spec,
      dueAt: plan.dueAt.toISOString(),
      remindAt: plan.remindAt.toISOString(),
      skipped,
    };
  }

  private checkedDays(year: number, days: CalendarDayDto[]): CalendarDayRow[] {
    const seen = new Set<string>();
    days.forEach((day, index) => {
      const field = `days.${index}.date`;
      if (!day.date.startsWith(`${year}-`)) throw DomainException.validation(field, 'inYear', `must be in ${year}`);
      if (seen.has(day.date)) throw DomainException.validation(field, 'isUnique', 'repeats a date given before');
      seen.add(day.date);
    });
    return [...days].sort((a, b) => a.date.localeCompare(b.date));
  }

  private async reload(): Promise<void> {
    const signature = await this.calendar.signature();
    useMaintainedDays(await this.calendar.allDays());
    this.loadedSignature = signature;
  }

  private async reloadIfChanged(): Promise<void> {
    if ((await this.calendar.signature()) !== this.loadedSignature) await this.reload();
  }
}
