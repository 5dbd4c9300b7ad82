import { Injectable } from '@nestjs/common';
import type { LeadChanged, LeadEffect, LeadInserted } from '../leads/lead-effects';
import { TasksService } from './tasks.service';

/** Tasks after a lead write: the lead's next follow-up date is a task for its owner, moved and closed with it. */
@Injectable()
export class TasksLeadEffect implements LeadEffect {
  readonly name = 'tasks';

  constructor(private readonly tasks: TasksService) {}

  afterInsert(event: LeadInserted): Promise<void> {
    return this.tasks.followUpFromLead(event);
  }

  afterChange(event: LeadChanged): Promise<void> {
    return this.tasks.followUpFromLead(event);
  }
}
