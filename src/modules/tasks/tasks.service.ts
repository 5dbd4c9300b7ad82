import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { JurisdictionScope, UnitRef, unitOf } from '../../core/auth/jurisdiction-scope';
import type { AuthPrincipal } from '../../core/auth/principal';
import { decodeCursor, Page, toPage } from '../../core/common/pagination';
import { afterCommit } from '../../core/database/after-commit';
import { DomainException } from '../../core/errors/domain.exception';
import { ErrorCode } from '../../core/errors/error-codes';
import { diffChanges } from '../audit/audit-changes';
import { AuditService } from '../audit/audit.service';
import { leadLabel } from '../leads/dto/lead.mapper';
import type { LeadRow } from '../leads/dto/lead.mapper';
import type { LeadChanged, LeadInserted } from '../leads/lead-effects';
import { isClosedLead } from '../../shared/lead-stages';
import { CompaniesRepository } from '../companies/companies.repository';
import { LeadsService } from '../leads/leads.service';
import { UsersRepository } from '../users/users.repository';
import { listedNames, RecordNamesReader } from './record-names';
import { mapTask, TaskCreateDto, TaskListQueryDto, TaskResponseDto, TaskUpdateDto } from './dto/task.dto';
import { ReminderScheduler } from './reminder.scheduler';
import type { TaskEntity } from './task.entity';
import { defaultRemindAt, nextOccurrence, recurrenceProblem } from './task-schedule';
import { TaskAccess, TaskChanges, TasksRepository, TaskValues } from './tasks.repository';

const AUDITED_FIELDS = [
  'title',
  'leadId',
  'companyId',
  'visitId',
  'assigneeId',
  'dueAt',
  'remindAt',
  'status',
  'recurrence',
] as const;

/** A step a visit agreed on: who does what by when (stored on the visit, turned into a task). */
export interface VisitStep {
  title: string;
  dueAt: string;
  assigneeId: string;
}

/**
 * Follow-ups that remind by themselves: tasks written by people, or made from a visit's next steps, a lead's next
 * follow-up date and stall warnings. Each open task with a reminder time has a delayed job; the row is the truth.
 */
@Injectable()
export class TasksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tasks: TasksRepository,
    private readonly users: UsersRepository,
    private readonly companies: CompaniesRepository,
    private readonly leadsService: LeadsService,
    private readonly scheduler: ReminderScheduler,
    private readonly audit: AuditService,
    private readonly names: RecordNamesReader,
  ) {}

  async list(principal: AuthPrincipal, query: TaskListQueryDto): Promise<Page<TaskResponseDto>> {
    const tasks = this.tasks.scoped(accessOf(principal));
    let after: [string, string] | undefined;
    if (query.cursor) {
      const [dueAt, id] = decodeCursor(query.cursor, 2).map(String);
      if (Number.isNaN(Date.parse(dueAt)) || !/^[1-9]\d{0,17}$/.test(id))
        throw DomainException.validation(
          'cursor',
          'isCursor',
          'is not a cursor this list returned; start again without it',
        );
      after = [dueAt, id];
    }
    const filter = {
      assigneeId: query.assignee === 'me' ? principal.userId : query.assignee,
      status: query.status,
      dueBefore: query.dueBefore ? new Date(query.dueBefore) : undefined,
      leadId: query.leadId,
    };
    const [rows, total] = await Promise.all([
      tasks.list(filter, after, query.limit),
      query.withTotal ? tasks.count(filter) : Promise.resolve(undefined),
    ]);
    // The list's statement joined the names (TasksRepository.list): no further reads for the page.
    const viewer = JurisdictionScope.forPrincipal(principal);
    return toPage(
      rows,
      query.limit,
      (row) => [row.dueAt.toISOString(), String(row.id)],
      (row) => mapTask(row, listedNames(viewer, row)),
      total,
    );
  }

  async get(principal: AuthPrincipal, id: string): Promise<TaskResponseDto> {
    return this.mappedOne(principal, await this.requireVisible(principal, id));
  }

  /** Tasks with the names of their leads, companies and people, for single records (lists join the names). */
  private async mapped(principal: AuthPrincipal, rows: TaskEntity[]): Promise<TaskResponseDto[]> {
    const names = await this.names.read(JurisdictionScope.forPrincipal(principal), {
      leadIds: rows.map((row) => row.leadId),
      companyIds: rows.map((row) => row.companyId),
      userIds: rows.flatMap((row) => [String(row.assigneeId), row.createdBy]),
    });
    return rows.map((row) => mapTask(row, names));
  }

  private async mappedOne(principal: AuthPrincipal, row: TaskEntity): Promise<TaskResponseDto> {
    const [task] = await this.mapped(principal, [row]);
    return task;
  }

  async create(principal: AuthPrincipal, dto: TaskCreateDto): Promise<TaskResponseDto> {
    const dueAt = new Date(dto.dueAt);
    const remindAt = dto.remindAt ? new Date(dto.remindAt) : defaultRemindAt(dueAt);
    if (dto.remindAt && remindAt > dueAt)
      throw DomainException.validation('remindAt', 'notAfterDue', 'must not be after dueAt');
    if (dto.recurrence) this.assertRecurrence(dto.recurrence);
    const assigneeId = await this.assignable(principal, dto.assigneeId ?? principal.userId);
    let unit: UnitRef = await this.unitOfUser(assigneeId);
    if (dto.leadId) {
      const lead = await this.leadsService
        .requireHeld(principal, dto.leadId, 'collaborator')
        .catch(asFieldError('leadId'));
      unit = unitOf(lead);
    }
    if (dto.companyId && !(await this.companies.findById(dto.companyId)))
      throw DomainException.validation('companyId', 'exists', 'is not a known company');
    if (dto.visitId && !(await this.leadsService.reachesVisit(principal, dto.visitId)))
      throw DomainException.validation('visitId', 'exists', 'is not a visit of your jurisdiction');
    const values: TaskValues = {
      title: dto.title,
      leadId: dto.leadId ?? null,
      companyId: dto.companyId ?? null,
      visitId: dto.visitId ?? null,
      assigneeId,
      regionCode: unit.regionCode,
      cityCode: unit.cityCode,
      dueAt,
      remindAt,
      remindedFor: null,
      status: 'open',
      recurrence: dto.recurrence ?? null,
      source: 'manual',
      sourceKey: null,
      completedAt: null,
      createdBy: principal.userId,
    };
    const id = await this.dataSource.transaction((manager) => this.insertAudited(manager, principal, values));
    // Re-read of the task this request just authorised and created.
    return this.mappedOne(principal, (await this.tasks.findByIdUnscoped(id!))!);
  }

  async update(principal: AuthPrincipal, id: string, dto: TaskUpdateDto): Promise<TaskResponseDto> {
    const current = await this.requireVisible(principal, id);
    const own = String(current.assigneeId) === principal.userId || String(current.createdBy) === principal.userId;
    if (!own && principal.role !== 'admin' && principal.role !== 'manager') {
      throw new DomainException(ErrorCode.Forbidden, 'Only the assignee, the creator or a manager changes this task');
    }
    if (dto.version !== current.version) throw await this.versionConflict(id);
    const changes: TaskChanges = {};
    if (dto.title !== undefined) changes.title = dto.title;
    if (dto.assigneeId !== undefined) changes.assigneeId = await this.assignable(principal, dto.assigneeId);
    if (dto.dueAt !== undefined) {
      changes.dueAt = new Date(dto.dueAt);
      // A moved due date moves a reminder nobody set by hand.
      if (
        dto.remindAt === undefined &&
        current.remindAt &&
        current.remindAt.getTime() === defaultRemindAt(current.dueAt).getTime()
      ) {
        changes.remindAt = defaultRemindAt(changes.dueAt);
      }
    }
    if (dto.remindAt !== undefined) changes.remindAt = dto.remindAt === null ? null : new Date(dto.remindAt);
    const remindAt = changes.remindAt === undefined ? current.remindAt : changes.remindAt;
    if (remindAt && remindAt > (changes.dueAt ?? current.dueAt)) {
      throw DomainException.validation(
        dto.remindAt !== undefined ? 'remindAt' : 'dueAt',
        'remindBeforeDue',
        'must leave the reminder at or before the due time',
      );
    }
    if (dto.recurrence !== undefined) {
      if (dto.recurrence !== null) this.assertRecurrence(dto.recurrence);
      changes.recurrence = dto.recurrence;
    }
    if (dto.status !== undefined && dto.status !== current.status) {
      if (current.status !== 'open')
        throw new DomainException(ErrorCode.Conflict, `Task ${id} is ${current.status}; open a new task instead`, [
          { field: 'status', constraint: 'isOpen', message: `the task is ${current.status}` },
        ]);
      changes.status = dto.status;
      if (dto.status === 'done') changes.completedAt = new Date();
    }
    if (Object.keys(changes).length === 0) return this.mappedOne(principal, current);

    await this.dataSource.transaction(async (manager) => {
      if (!(await this.tasks.updateIfVersion(manager, id, dto.version, changes)))
        throw await this.versionConflict(id, manager);
      await this.audit.record(manager, {
        actor: principal,
        action: changes.status ? 'transition' : 'update',
        entity: 'task',
        entityId: id,
        unit: current,
        changes: diffChanges(current, { ...current, ...changes }, AUDITED_FIELDS),
      });
      const updated = { ...current, ...changes } as TaskEntity;
      await this.afterChange(manager, current, updated);
      if (changes.status === 'done' && updated.recurrence) await this.openNextOccurrence(manager, principal, updated);
    });
    // Re-read of the task this request just authorised and changed.
    return this.mappedOne(principal, (await this.tasks.findByIdUnscoped(id))!);
  }

  /** Tasks for a visit's next steps, made once per step (inside the visit's transaction). */
  async fromVisitSteps(
    manager: EntityManager,
    principal: AuthPrincipal,
    visit: { id: string; leadId: string | null; companyId: string | null; regionCode: string; cityCode: string | null },
    steps: VisitStep[],
  ): Promise<void> {
    for (const step of steps) {
      const dueAt = new Date(step.dueAt);
      // Keyed by what the step says, so reordering or editing a visit's steps never duplicates or drops one.
      const stepKey = createHash('sha1')
        .update(`${step.title}\n${dueAt.toISOString()}\n${step.assigneeId}`)
        .digest('hex')
        .slice(0, 16);
      await this.insertAudited(manager, principal, {
        title: step.title,
        leadId: visit.leadId,
        companyId: visit.companyId,
        visitId: visit.id,
        assigneeId: step.assigneeId,
        regionCode: visit.regionCode,
        cityCode: visit.cityCode,
        dueAt,
        remindAt: defaultRemindAt(dueAt),
        remindedFor: null,
        status: 'open',
        recurrence: null,
        source: 'visit',
        sourceKey: `visit:${visit.id}:step:${stepKey}`,
        completedAt: null,
        createdBy: principal.userId,
      });
    }
  }

  /**
   * A lead's next follow-up date is a task for its owner; a new date replaces the open one. The lead's open
   * follow-ups move with it to a new owner or unit, and close when it closes. Runs in the lead's transaction,
   * which holds the lead row, so changes of one lead's follow-ups never race.
   */
  async followUpFromLead(event: LeadInserted | LeadChanged): Promise<void> {
    const { manager, principal } = event;
    const lead: LeadRow = 'lead' in event ? event.lead : ({ ...event.before, ...event.changes } as LeadRow);
    const changes = 'changes' in event ? event.changes : undefined;
    const open = changes ? await this.tasks.openFollowUps(manager, String(lead.id)) : [];
    const closed = isClosedLead(lead);
    let kept: TaskEntity | undefined;
    if (changes && (closed || changes.nextFollowUpAt !== undefined)) {
      for (const task of open) {
        // A follow-up already on the new date stays as it is (forms send every field back unchanged).
        if (!closed && lead.nextFollowUpAt && task.dueAt.getTime() === lead.nextFollowUpAt.getTime()) kept = task;
        else await this.changeAutomatic(manager, principal, task, { status: 'cancelled' });
      }
      if (closed) return;
    }
    if (changes && (changes.ownerUserId !== undefined || changes.regionCode !== undefined)) {
      const owner = lead.ownerUserId ?? lead.createdBy;
      for (const task of changes.nextFollowUpAt !== undefined ? (kept ? [kept] : []) : open) {
        await this.changeAutomatic(
          manager,
          principal,
          task,
          { assigneeId: owner ? String(owner) : String(task.assigneeId) },
          unitOf(lead),
        );
      }
    }
    if (kept || (changes && changes.nextFollowUpAt === undefined)) return;
    const dueAt = lead.nextFollowUpAt;
    const assigneeId = lead.ownerUserId ?? lead.createdBy;
    if (!dueAt || !assigneeId || closed) return;
    await this.insertAudited(manager, principal, {
      title: `跟进：${leadLabel(lead)}`,
      leadId: String(lead.id),
      companyId: String(lead.companyId),
      visitId: null,
      assigneeId: String(assigneeId),
      regionCode: lead.regionCode,
      cityCode: lead.cityCode,
      dueAt,
      remindAt: defaultRemindAt(dueAt),
      remindedFor: null,
      status: 'open',
      recurrence: null,
      source: 'follow_up',
      sourceKey: null,
      completedAt: null,
      createdBy: principal.userId,
    });
  }

  /** Changes a task the system made (a follow-up moved or closed with its lead), audited, reminders moved. */
  private async changeAutomatic(
    manager: EntityManager,
    principal: AuthPrincipal,
    task: TaskEntity,
    changes: TaskChanges,
    unit?: UnitRef,
  ): Promise<void> {
    const applied = await this.tasks.updateIfVersion(manager, String(task.id), task.version, changes, unit);
    if (!applied) return;
    await this.audit.record(manager, {
      actor: principal,
      action: changes.status ? 'transition' : 'update',
      entity: 'task',
      entityId: String(task.id),
      unit: unit ?? task,
      changes: diffChanges(task, { ...task, ...changes, ...unit }, [...AUDITED_FIELDS, 'regionCode']),
    });
    await this.afterChange(manager, task, { ...task, ...changes } as TaskEntity);
  }

  /** Inserts a task with its audit row and, after commit, its reminder job. Null when its sourceKey exists. */
  async insertAudited(manager: EntityManager, actor: AuthPrincipal | null, values: TaskValues): Promise<string | null> {
    const id = await this.tasks.insert(manager, values);
    if (!id) return null;
    await this.audit.record(manager, {
      actor: actor ?? null,
      action: 'create',
      entity: 'task',
      entityId: id,
      unit: values,
      changes: diffChanges(null, values, AUDITED_FIELDS),
    });
    if (values.remindAt) {
      const remindAt = values.remindAt;
      await afterCommit(manager, () => this.scheduler.schedule(id, remindAt));
    }
    return id;
  }

  /** Moves reminder jobs after a change: the old time's job goes, the new time's comes (after commit). */
  private async afterChange(manager: EntityManager, before: TaskEntity, after: TaskEntity): Promise<void> {
    const oldAt = before.status === 'open' ? before.remindAt : null;
    const newAt = after.status === 'open' ? after.remindAt : null;
    if (oldAt?.getTime() === newAt?.getTime()) return;
    await afterCommit(manager, async () => {
      if (oldAt) await this.scheduler.unschedule(String(before.id), oldAt);
      if (newAt) await this.scheduler.schedule(String(before.id), newAt);
    });
  }

  private async openNextOccurrence(manager: EntityManager, principal: AuthPrincipal, done: TaskEntity): Promise<void> {
    const dueAt = nextOccurrence(done.recurrence!, done.dueAt);
    if (!dueAt) return;
    await this.insertAudited(manager, principal, {
      title: done.title,
      leadId: done.leadId,
      companyId: done.companyId,
      visitId: done.visitId,
      assigneeId: String(done.assigneeId),
      regionCode: done.regionCode,
      cityCode: done.cityCode,
      dueAt,
      remindAt: defaultRemindAt(dueAt),
      remindedFor: null,
      status: 'open',
      recurrence: done.recurrence,
      source: 'recurrence',
      sourceKey: `task:${done.id}:next`,
      completedAt: null,
      createdBy: principal.userId,
    });
  }

  /** Tasks are visible to their assignee and creator, and inside the jurisdiction to everyone but residents. */
  private async requireVisible(principal: AuthPrincipal, id: string): Promise<TaskEntity> {
    const task = await this.tasks.scoped(accessOf(principal)).findById(id);
    if (!task) throw DomainException.notFound('Task', id);
    return task;
  }

  /** The caller, or an active user inside their jurisdiction (residents assign only themselves). */
  private async assignable(principal: AuthPrincipal, userId: string): Promise<string> {
    if (userId === principal.userId) return userId;
    const user =
      principal.role === 'resident'
        ? null
        : await this.users.forScope(JurisdictionScope.forPrincipal(principal)).findById(userId);
    if (!user || !user.active)
      throw DomainException.validation(
        'assigneeId',
        'isAssignable',
        'must be you or an active user of your jurisdiction',
      );
    return String(user.id);
  }

  private async unitOfUser(userId: string): Promise<UnitRef> {
    // The assignee `assignable` has just authorised (the caller, or a user of their jurisdiction).
    const user = (await this.users.findByIdUnscoped(userId))!;
    return unitOf(user);
  }

  private assertRecurrence(text: string): void {
    const problem = recurrenceProblem(text);
    if (problem) throw DomainException.validation('recurrence', 'isRRule', problem);
  }

  private async versionConflict(id: string, manager?: EntityManager): Promise<DomainException> {
    // Inside a transaction through its own connection: a second one from the pool can wait for ever (see LeadsService).
    return DomainException.versionConflict('Task', id, await this.tasks.currentVersion(id, manager));
  }
}

function accessOf(principal: AuthPrincipal): TaskAccess {
  return {
    userId: principal.userId,
    scope: principal.role === 'resident' ? null : JurisdictionScope.forPrincipal(principal),
  };
}

/** A lead the caller cannot see or work on, named as the body field that referred to it. */
function asFieldError(field: string): (error: unknown) => never {
  return (error: unknown) => {
    if (error instanceof DomainException && (error.code === ErrorCode.NotFound || error.code === ErrorCode.Forbidden)) {
      throw DomainException.validation(field, 'isWorkable', 'is not a lead you hold or co-handle');
    }
    throw error;
  };
}
