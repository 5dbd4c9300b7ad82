import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthPrincipal } from '../../core/auth/principal';
import { monthNumber, monthOf, monthText } from '../../core/common/months';
import { decodeKeyCursor, PageQueryDto, toPage } from '../../core/common/pagination';
import { DomainException } from '../../core/errors/domain.exception';
import { ErrorCode } from '../../core/errors/error-codes';
import type { LeadRow } from './dto/lead.mapper';
import { LeadInvestmentDto, LeadInvestmentPageDto, LeadInvestmentPutDto } from './dto/lead-investment.dto';
import { LeadWriter } from './lead-writer';
import { LeadsRepository, NamedInvestmentRow } from './leads.repository';
import { LeadsService } from './leads.service';

/**
 * 完成投资 (docs/domain.md "Targets"): the investment a project under construction completed each month. The
 * holding unit records it from construction start on, one figure per month; the analytics roll-ups, the targets and
 * the bulletin read it at its month.
 */
@Injectable()
export class LeadInvestmentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly leads: LeadsService,
    private readonly repository: LeadsRepository,
    private readonly writer: LeadWriter,
  ) {}

  async list(principal: AuthPrincipal, id: string, query: PageQueryDto): Promise<LeadInvestmentPageDto> {
    const lead = await this.leads.requireVisible(principal, id);
    const before = query.cursor ? Number(decodeKeyCursor(query.cursor, /^\d{6}$/)) : undefined;
    const rows = await this.repository.investments(String(lead.id), before, query.limit + 1);
    const page = toPage(rows, query.limit, (row) => [String(row.month)], toDto);
    return { ...page, completedTotal: Number(lead.investmentCompletedTotal) };
  }

  async put(
    principal: AuthPrincipal,
    id: string,
    period: string,
    dto: LeadInvestmentPutDto,
  ): Promise<LeadInvestmentDto> {
    await this.leads.requireHeld(principal, id);
    const saved = await this.dataSource.transaction(async (manager) => {
      const lead = await this.lockedLead(manager, id);
      return this.writer.recordInvestment(manager, principal, lead, this.recordableMonth(lead, period, 'record'), {
        amount: dto.amount,
        source: dto.source,
        note: dto.note ?? null,
        version: dto.version,
      });
    });
    return {
      period,
      amount: dto.amount,
      source: dto.source,
      note: dto.note ?? null,
      userId: principal.userId,
      userName: principal.displayName,
      version: saved.version,
      updatedAt: new Date().toISOString(),
    };
  }

  async remove(principal: AuthPrincipal, id: string, period: string): Promise<void> {
    await this.leads.requireHeld(principal, id);
    const removed = await this.dataSource.transaction(async (manager) => {
      const lead = await this.lockedLead(manager, id);
      return this.writer.removeInvestment(manager, principal, lead, this.recordableMonth(lead, period, 'remove'));
    });
    if (!removed) throw DomainException.notFound('The 完成投资 of month', period);
  }

  /**
   * The lead as it is now, under its row lock: a move to 终止 or a merge committed since the access check refuses
   * the figure instead of slipping past it.
   */
  private async lockedLead(manager: EntityManager, id: string): Promise<LeadRow> {
    const lead = await this.repository.findById(id, manager, true);
    if (!lead) throw DomainException.notFound('Lead', id);
    return lead;
  }

  /**
   * The month a figure may be recorded for: the project has started construction and is still carried (not merged
   * into another; a dropped one only has wrong figures removed), and the month lies between the start and now.
   */
  private recordableMonth(lead: LeadRow, period: string, action: 'record' | 'remove'): number {
    const dropped = lead.stage === 'lost' && action === 'record';
    if (!lead.constructionStartedAt || dropped || lead.mergedIntoLeadId !== null) {
      throw new DomainException(
        ErrorCode.Conflict,
        '完成投资 is recorded for projects under construction or in production',
        [{ field: 'id', constraint: 'isUnderConstruction', message: `the lead is in ${lead.stage}` }],
      );
    }
    const month = monthNumber(period);
    if (month > monthOf(new Date()))
      throw DomainException.validation('period', 'notInFuture', 'must not be a month still to come');
    const started = monthOf(lead.constructionStartedAt);
    if (month < started)
      throw DomainException.validation(
        'period',
        'notBeforeConstruction',
        `must not be before construction started (${monthText(started)})`,
      );
    return month;
  }
}

function toDto(row: NamedInvestmentRow): LeadInvestmentDto {
  return {
    period: monthText(row.month),
    amount: Number(row.amount),
    source: row.source,
    note: row.note,
    userId: row.userId === null ? null : String(row.userId),
    userName: row.userName,
    version: row.version,
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}
