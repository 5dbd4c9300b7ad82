import { Injectable } from '@nestjs/common';
import type { LeadChanged, LeadEffect, LeadInserted } from '../leads/lead-effects';
import { TasksRepository } from './tasks.repository';
import { TasksService } from './tasks.service';

/** What a supervision slip copies of its lead (SupervisionSlipEntity.leadTitle): a change of one relabels them. */
const SLIP_LABEL_FIELDS = ['title', 'confidential', 'codeName', 'regionCode', 'cityCode'] as const;

/**
 * Tasks after a lead write: the lead's next follow-up date is a task for its owner, moved and closed with it; its
 * supervision slips keep naming it as it is now.
 */
@Injectable()
export class TasksLeadEffect implements LeadEffect {
  readonly name = 'tasks';

  constructor(
    private readonly tasks: TasksService,
    private readonly repository: TasksRepository,
  ) {}

  afterInsert(event: LeadInserted): Promise<void> {
    return this.tasks.followUpFromLead(event);
  }

  async afterChange(event: LeadChanged): Promise<void> {
    await this.tasks.followUpFromLead(event);
    if (SLIP_LABEL_FIELDS.some((field) => event.changes[field] !== undefined))
      await this.repository.relabelSlips(event.manager, String(event.before.id));
  }
}
