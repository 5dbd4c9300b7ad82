import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthPrincipal } from '../../core/auth/principal';
import { decodeKeyCursor, Page, toPage } from '../../core/common/pagination';
import { DomainException } from '../../core/errors/domain.exception';
import { ErrorCode } from '../../core/errors/error-codes';
import { stallRuleProblems } from '../../shared/stall-rules';
import { AuditService } from '../audit/audit.service';
import { StallRulesDto, StallRulesPutDto, StallRuleVersionListQueryDto } from './dto/stall-rules.dto';
import { StallJudge } from './stall-judge';
import { StallRulesRepository, StallRuleVersionRow } from './stall-rules.repository';

/** How often a process looks for a version another process saved (the saving process reloads at once). */
const REFRESH_MS = 30_000;

function view(row: StallRuleVersionRow): StallRulesDto {
  return {
    version: row.version,
    tierAMinYi: row.tierAMinYi,
    tierBMinYi: row.tierBMinYi,
    slipDueDays: row.slipDueDays,
    rules: row.rules,
    note: row.note,
    createdBy: row.createdBy,
    createdByName: row.createdByName,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * The 三色预警 rules in force (docs/domain.md "Stall rules"): loaded into every process at start, reloaded at once
 * where they are saved and within REFRESH_MS elsewhere, so lead lights, list filters and the stall watch judge by
 * one version. Saving writes a new version, audited; the old ones stay readable.
 */
@Injectable()
export class StallRulesService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(StallRulesService.name);
  private inForce: StallRuleVersionRow | null = null;
  private refreshTimer: NodeJS.Timeout | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: StallRulesRepository,
    private readonly audit: AuditService,
  ) {}

  private loading: Promise<void> | undefined;

  // At module init, not at bootstrap: queue workers start at their own module init and may run a job at once.
  async onModuleInit(): Promise<void> {
    await this.loaded();
    this.refreshTimer = setInterval(() => {
      this.reloadIfChanged().catch((error: Error) =>
        this.logger.warn({ error: error.message }, 'Could not refresh the stall rules; keeping the version loaded'),
      );
    }, REFRESH_MS);
    this.refreshTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.refreshTimer);
  }

  /** Resolves once the version in force is loaded (jobs that may start before this module call it first). */
  loaded(): Promise<void> {
    this.loading ??= this.reload();
    return this.loading;
  }

  /** The rules in force, judged at `now`. */
  judge(now = new Date()): StallJudge {
    if (!this.inForce) throw new Error('The stall rules are not loaded yet (the migration writes version 1)');
    return new StallJudge(this.inForce, now);
  }

  async current(): Promise<StallRulesDto> {
    const row = await this.repository.latest();
    if (!row) throw DomainException.notFound('Stall rules', 'current');
    return view(row);
  }

  async versions(query: StallRuleVersionListQueryDto): Promise<Page<StallRulesDto>> {
    const before = query.cursor ? Number(decodeKeyCursor(query.cursor, /^\d{1,9}$/)) : undefined;
    const rows = await this.repository.versions(before, query.limit);
    return toPage(rows, query.limit, (row) => [row.version], view);
  }

  async save(principal: AuthPrincipal, dto: StallRulesPutDto): Promise<StallRulesDto> {
    const problems = stallRuleProblems(dto);
    if (problems.length > 0)
      throw new DomainException(
        ErrorCode.ValidationFailed,
        `The stall rules are not consistent: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`,
        problems.map((problem) => ({ ...problem })),
      );
    await this.dataSource.transaction(async (manager) => {
      const locked = await this.repository.lockLatestVersion(manager);
      const current = locked === null ? null : await this.repository.latest(manager);
      if (current && dto.version !== locked)
        throw DomainException.versionConflict('Stall rules', 'current', current.version);
      const version = (current?.version ?? 0) + 1;
      await this.repository.insert(manager, version, dto, dto.note ?? null, principal.userId);
      const summary = (row: Pick<StallRuleVersionRow, 'tierAMinYi' | 'tierBMinYi' | 'slipDueDays' | 'rules'>) => ({
        tierAMinYi: row.tierAMinYi,
        tierBMinYi: row.tierBMinYi,
        slipDueDays: row.slipDueDays,
        rules: row.rules.map((r) => `${r.stage}/${r.tier}: ${r.yellowDays}/${r.redDays}/${r.dropDays ?? '-'}`),
      });
      await this.audit.record(manager, {
        actor: principal,
        action: 'update',
        entity: 'stall_rules',
        entityId: String(version),
        unit: null,
        changes: { rules: [current ? summary(current) : null, summary(dto)], note: [null, dto.note ?? null] },
      });
    });
    await this.reload();
    return this.current();
  }

  private async reload(): Promise<void> {
    const row = await this.repository.latest();
    if (!row) throw new Error('No stall rules in the database: run the migrations (1796000000006-StallRules)');
    this.inForce = row;
  }

  private async reloadIfChanged(): Promise<void> {
    if ((await this.repository.latestVersion()) !== this.inForce?.version) await this.reload();
  }
}
