import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { unitOf } from '../../core/auth/jurisdiction-scope';
import { LeadReader } from '../leads/lead-reader';
import { DeadlineRunner } from '../linkage/deadline.runner';
import type { DeadlineSubjectSource, DeadlineSubjectState } from '../linkage/deadline.runner';
import { StallRulesService } from '../stall-rules/stall-rules.service';
import { TasksRepository } from './tasks.repository';

/**
 * The 督办单's answer deadline, kept by the linkage deadline machinery (reminder, then overdue one unit higher each
 * period, exactly once: docs/architecture.md "Jobs and reconcilers"). Registered with the runner when the module starts.
 */
@Injectable()
export class SlipDeadlines implements DeadlineSubjectSource, OnModuleInit {
  constructor(
    private readonly runner: DeadlineRunner,
    private readonly tasks: TasksRepository,
    private readonly leads: LeadReader,
    private readonly stallRules: StallRulesService,
  ) {}

  onModuleInit(): void {
    this.runner.register('supervision_slip', this);
  }

  async lock(manager: EntityManager, slipId: string): Promise<void> {
    // A deadline job acts for no user: it locks its own slip.
    await this.tasks.findSlipUnscoped(slipId, manager, true);
  }

  async state(manager: EntityManager, slipId: string): Promise<DeadlineSubjectState | null> {
    // A deadline job acts for no user: its own slip.
    const slip = await this.tasks.findSlipUnscoped(slipId, manager);
    // A deadline job acts for no user: the lead of the deadline's own record.
    const lead = slip && (await this.leads.findByIdUnscoped(String(slip.leadId), manager));
    if (!slip || !lead || !slip.dueAt) return null;
    await this.stallRules.loaded();
    return {
      open: slip.status === 'open',
      lead,
      responsible: unitOf(slip),
      reminded: { roles: ['manager'] },
      // Each further period is the rules' answer time as they stand when the slip escalates.
      spec: { kind: 'working_days', days: this.stallRules.judge().rules.slipDueDays },
      dueAt: slip.dueAt,
      what: '督办单答复',
    };
  }

  markOverdue(manager: EntityManager, slipId: string, level: number, at: Date): Promise<void> {
    return this.tasks.markSlipOverdue(manager, slipId, level, at);
  }
}
