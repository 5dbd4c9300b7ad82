import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, ObjectLiteral, Repository, SelectQueryBuilder } from 'typeorm';
import type { JurisdictionScope } from '../../core/auth/jurisdiction-scope';
import { currentVersionOf } from '../../core/database/current-version';
import { SupervisionSlipEntity, TaskEntity, TaskStatus } from './task.entity';

export type TaskValues = Omit<TaskEntity, 'id' | 'lead' | 'assignee' | 'version' | 'createdAt' | 'updatedAt'>;
export type TaskChanges = Partial<
  Pick<TaskEntity, 'title' | 'assigneeId' | 'dueAt' | 'remindAt' | 'status' | 'recurrence' | 'completedAt'>
>;

/** Who a task list is for: the caller's own tasks, another user's (in scope), or everything in scope. */
export interface TaskAccess {
  userId: string;
  /** Null for residents: they reach only tasks assigned to or created by them. */
  scope: JurisdictionScope | null;
}

export interface TaskFilter {
  assigneeId?: string;
  status?: TaskStatus;
  dueBefore?: Date;
  leadId?: string;
}

export type TaskCursor = [string, string];

/**
 * The names a listed task or slip shows beside its ids, read in the list's own statement (primary-key joins), so a
 * page costs no extra round trips (docs/architecture.md "Names beside ids"). The lead's fields let the service name a
 * confidential lead by its code name outside the holding chain.
 */
export interface ListedNames {
  lead: {
    title: string;
    confidential: boolean;
    codeName: string | null;
    regionCode: string;
    cityCode: string | null;
  } | null;
  companyName: string | null;
  assigneeName: string | null;
  createdByName: string | null;
  answeredByName: string | null;
}
export type Listed<T> = T & { names: ListedNames };

/** The joined lead's columns behind `ListedNames.lead` (the join is aliased `lead`). */
const LISTED_LEAD_COLUMNS = [
  'lead.title AS lead_title',
  'lead.confidential AS lead_confidential',
  'lead.code_name AS lead_code_name',
  'lead.region_code AS lead_region_code',
  'lead.city_code AS lead_city_code',
];

/** The slip's copy of its lead's label, under the same names as the joined ones. */
const COPIED_LEAD_COLUMNS = [
  's.lead_title AS lead_title',
  's.lead_confidential AS lead_confidential',
  's.lead_code_name AS lead_code_name',
  's.lead_region_code AS lead_region_code',
  's.lead_city_code AS lead_city_code',
];

/** The task reads of one caller (see docs/architecture.md, "Jurisdiction"). */
export type ScopedTasks = ReturnType<TasksRepository['scoped']>;
/** The supervision slip reads of one jurisdiction. */
export type ScopedSlips = ReturnType<TasksRepository['slipsForScope']>;

@Injectable()
export class TasksRepository {
  constructor(@InjectRepository(TaskEntity) private readonly tasks: Repository<TaskEntity>) {}

  /** The task reads a request makes, bound to the caller's access: no method of the result can leave it out. */
  scoped(access: TaskAccess) {
    return {
      findById: (id: string) => this.findForAccess(access, id),
      list: (filter: TaskFilter, after: TaskCursor | undefined, limit: number): Promise<Listed<TaskEntity>[]> =>
        this.list(access, filter, after, limit),
      count: (filter: TaskFilter) => this.count(access, filter),
    };
  }

  /** The supervision slip reads of a jurisdiction. */
  slipsForScope(scope: JurisdictionScope) {
    return {
      findById: async (id: string): Promise<SupervisionSlipEntity | null> => {
        const slip = await this.findSlipUnscoped(id);
        return slip && scope.contains(slip) ? slip : null;
      },
      list: (status: string | undefined, beforeId: string | undefined, limit: number) =>
        this.listSlips(scope, status, beforeId, limit),
    };
  }

  /** Inserts a task; one with the same sourceKey (an automatic task made before) is not made again. */
  async insert(manager: EntityManager, values: TaskValues): Promise<string | null> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(TaskEntity)
      .values({ ...values, version: 1 } as never)
      .orIgnore()
      .updateEntity(false)
      .execute();
    return Number(result.raw.affectedRows) === 1 ? String(result.raw.insertId) : null;
  }

  /** Any access: workers (reminders) and re-reads of a task the service has just authorised and written. */
  findByIdUnscoped(id: string, manager?: EntityManager): Promise<TaskEntity | null> {
    return (manager ?? this.tasks.manager).findOne(TaskEntity, { where: { id } });
  }

  /** Any access: an automatic task made before, looked up by what made it. */
  findBySourceKeyUnscoped(manager: EntityManager, sourceKey: string): Promise<TaskEntity | null> {
    return manager.findOne(TaskEntity, { where: { sourceKey } });
  }

  openFollowUps(manager: EntityManager, leadId: string): Promise<TaskEntity[]> {
    return manager.find(TaskEntity, { where: { leadId, source: 'follow_up', status: 'open' } });
  }

  /** The task if `access` reaches it: assigned to or created by the caller, or (not a resident) in their scope. */
  private async findForAccess(access: TaskAccess, id: string): Promise<TaskEntity | null> {
    const task = await this.findByIdUnscoped(id);
    if (!task) return null;
    const own = String(task.assigneeId) === access.userId || String(task.createdBy) === access.userId;
    return own || access.scope?.contains(task) ? task : null;
  }

  /** `unit`: moves the task to another unit too (a follow-up going with its lead). */
  async updateIfVersion(
    manager: EntityManager,
    id: string,
    version: number,
    changes: TaskChanges,
    unit?: { regionCode: string; cityCode: string | null },
  ): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(TaskEntity)
      .set({ ...changes, ...unit, version: () => 'version + 1' } as never)
      .where('id = :id AND version = :version', { id, version })
      .execute();
    return result.affected === 1;
  }

  /** `manager`: a transaction's own connection, when asked inside one (see currentVersionOf). */
  currentVersion(id: string, manager?: EntityManager): Promise<number | null> {
    return currentVersionOf(this.tasks, id, manager);
  }

  private async list(
    access: TaskAccess,
    filter: TaskFilter,
    after: TaskCursor | undefined,
    limit: number,
  ): Promise<Listed<TaskEntity>[]> {
    const page = this.filtered(access, filter);
    if (after) {
      page.andWhere('(task.dueAt > :afterDue OR (task.dueAt = :afterDue AND task.id > :afterId))', {
        afterDue: new Date(after[0]),
        afterId: after[1],
      });
    }
    page
      .select('task.id', 'id')
      .orderBy('task.dueAt', 'ASC')
      .addOrderBy('task.id', 'ASC')
      .limit(limit + 1);
    const query = this.withNamesOfPage(page, 'tasks', 'task', TASK_COLUMNS)
      .leftJoin('companies', 'company', 'company.id = task.company_id')
      .leftJoin('users', 'assignee', 'assignee.id = task.assignee_id')
      .leftJoin('users', 'creator', 'creator.id = task.created_by')
      .addSelect([
        'company.name AS company_name',
        'assignee.display_name AS assignee_name',
        'creator.display_name AS creator_name',
      ])
      .orderBy('task.due_at', 'ASC')
      .addOrderBy('task.id', 'ASC');
    // Raw rows mapped by hand: hydrating entities through TypeORM cost more than the statement (issue 21's profile).
    return (await query.getRawMany<RawTask & RawNames>()).map((row) => withNames(taskOf(row), row));
  }

  /**
   * The page's records with their names: the page's ids are chosen in a derived table first (on the list's own
   * index, reading only the page), and only those rows are joined to their lead and people. Joined in one
   * statement, the optimizer walked another index over all the units' rows to keep the order (issue 21's bench).
   */
  private withNamesOfPage(
    page: SelectQueryBuilder<ObjectLiteral>,
    table: 'tasks',
    alias: string,
    columns: string[],
  ): SelectQueryBuilder<ObjectLiteral> {
    return this.tasks.manager
      .createQueryBuilder()
      .select(columns)
      .from(`(${page.getQuery()})`, 'page')
      .innerJoin(table, alias, `${alias}.id = page.id`)
      .leftJoin('leads', 'lead', `lead.id = ${alias}.lead_id`)
      .addSelect(LISTED_LEAD_COLUMNS)
      .setParameters(page.getParameters());
  }

  private count(access: TaskAccess, filter: TaskFilter): Promise<number> {
    return this.filtered(access, filter).getCount();
  }

  private filtered(access: TaskAccess, filter: TaskFilter): SelectQueryBuilder<TaskEntity> {
    const query = this.tasks.createQueryBuilder('task');
    if (filter.assigneeId) {
      query.andWhere('task.assigneeId = :assigneeId', { assigneeId: filter.assigneeId });
      // Someone else's tasks: only inside the caller's jurisdiction.
      if (filter.assigneeId !== access.userId) {
        if (access.scope) access.scope.applyTo(query, 'task');
        else query.andWhere('1 = 0');
      }
    } else if (access.scope) {
      access.scope.applyTo(query, 'task');
    } else {
      query.andWhere('(task.assigneeId = :me OR task.createdBy = :me)', { me: access.userId });
    }
    if (filter.status) query.andWhere('task.status = :status', { status: filter.status });
    if (filter.dueBefore) query.andWhere('task.dueAt < :dueBefore', { dueBefore: filter.dueBefore });
    if (filter.leadId) query.andWhere('task.leadId = :leadId', { leadId: filter.leadId });
    return query;
  }

  /** Marks the task's current reminder delivered, once: false when it was already, or the task changed. */
  async claimReminder(manager: EntityManager, id: string, remindAt: Date): Promise<boolean> {
    const result = await manager.query(
      `UPDATE tasks SET reminded_for = remind_at
        WHERE id = ? AND status = 'open' AND remind_at = ? AND (reminded_for IS NULL OR reminded_for <> remind_at)`,
      [id, remindAt],
    );
    return Number(result.affectedRows) === 1;
  }

  /** Open tasks whose reminder is due before `until` and not yet delivered, earliest first, after a keyset. */
  remindersDueBefore(
    until: Date,
    after: { remindAt: Date; id: string } | undefined,
    limit: number,
  ): Promise<Array<Pick<TaskEntity, 'id' | 'remindAt'>>> {
    const query = this.tasks
      .createQueryBuilder('task')
      .select(['task.id', 'task.remindAt'])
      .where("task.status = 'open' AND task.remindAt <= :until", { until })
      .andWhere('(task.remindedFor IS NULL OR task.remindedFor <> task.remindAt)');
    if (after)
      query.andWhere('(task.remindAt > :afterAt OR (task.remindAt = :afterAt AND task.id > :afterId))', {
        afterAt: after.remindAt,
        afterId: after.id,
      });
    return query.orderBy('task.remindAt', 'ASC').addOrderBy('task.id', 'ASC').limit(limit).getMany();
  }

  /** Of `taskIds`, the open ones whose reminder is not delivered yet, with its time. */
  async undeliveredAmong(taskIds: string[]): Promise<Map<string, Date>> {
    if (taskIds.length === 0) return new Map();
    const rows: Array<{ id: string; remindAt: Date }> = await this.tasks.query(
      `SELECT id, remind_at AS remindAt FROM tasks WHERE id IN (?) AND status = 'open' AND remind_at IS NOT NULL
          AND (reminded_for IS NULL OR reminded_for <> remind_at)`,
      [taskIds],
    );
    return new Map(rows.map((row) => [String(row.id), row.remindAt]));
  }

  // Supervision slips ----------------------------------------------------------------------------------------

  async insertSlip(
    manager: EntityManager,
    values: Pick<SupervisionSlipEntity, 'leadId' | 'regionCode' | 'cityCode' | 'episodeAt' | 'stage'> & {
      dueAt?: Date | null;
    },
  ): Promise<string | null> {
    // The lead's label is copied from its row in the same statement (see SupervisionSlipEntity.leadTitle).
    const result = await manager.query(
      `INSERT IGNORE INTO supervision_slips
         (lead_id, region_code, city_code, episode_at, stage, due_at, status, version,
          lead_title, lead_confidential, lead_code_name, lead_region_code, lead_city_code)
       SELECT l.id, ?, ?, ?, ?, ?, 'open', 1, l.title, l.confidential, l.code_name, l.region_code, l.city_code
         FROM leads l WHERE l.id = ?`,
      [values.regionCode, values.cityCode, values.episodeAt, values.stage, values.dueAt ?? null, values.leadId],
    );
    return Number(result.affectedRows) === 1 ? String(result.insertId) : null;
  }

  /** A lead's label changed (renamed, made confidential, moved): its slips name it anew, from its row as it is now. */
  async relabelSlips(manager: EntityManager, leadId: string): Promise<void> {
    await manager.query(
      `UPDATE supervision_slips s JOIN leads l ON l.id = s.lead_id
          SET s.lead_title = l.title, s.lead_confidential = l.confidential, s.lead_code_name = l.code_name,
              s.lead_region_code = l.region_code, s.lead_city_code = l.city_code
        WHERE s.lead_id = ?`,
      [leadId],
    );
  }

  /** Any jurisdiction: re-reads of a slip the service has just authorised and answered. */
  findSlipUnscoped(id: string, manager?: EntityManager, lock = false): Promise<SupervisionSlipEntity | null> {
    const query = (manager ?? this.tasks.manager)
      .createQueryBuilder(SupervisionSlipEntity, 's')
      .where('s.id = :id', { id });
    if (lock) query.setLock('pessimistic_write');
    return query.getOne();
  }

  /** An unanswered slip's deadline passed: its overdue level rises (never falls). */
  async markSlipOverdue(manager: EntityManager, id: string, level: number, at: Date): Promise<void> {
    await manager.query(
      'UPDATE supervision_slips SET overdue_level = ?, overdue_at = COALESCE(overdue_at, ?) WHERE id = ? AND overdue_level < ?',
      [level, at, id, level],
    );
  }

  async answerSlip(manager: EntityManager, id: string, answer: string, userId: string): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(SupervisionSlipEntity)
      .set({
        status: 'answered',
        answer,
        answeredBy: userId,
        answeredAt: new Date(),
        version: () => 'version + 1',
      } as never)
      .where("id = :id AND status = 'open'", { id })
      .execute();
    return result.affected === 1;
  }

  private async listSlips(
    scope: JurisdictionScope,
    status: string | undefined,
    beforeId: string | undefined,
    limit: number,
  ): Promise<Listed<SupervisionSlipEntity>[]> {
    // One statement on the slip rows: the lead's label is the slip's own copy (SupervisionSlipEntity.leadTitle), and
    // the answerer is a primary-key lookup for the page's answered slips only.
    const query = this.tasks.manager
      .createQueryBuilder(SupervisionSlipEntity, 's')
      .select([...SLIP_COLUMNS, ...COPIED_LEAD_COLUMNS])
      .leftJoin('users', 'answerer', 'answerer.id = s.answered_by')
      .addSelect('answerer.display_name', 'answerer_name');
    scope.applyTo(query, 's');
    if (status) query.andWhere('s.status = :status', { status });
    if (beforeId) query.andWhere('s.id < :beforeId', { beforeId });
    query.orderBy('s.id', 'DESC').limit(limit + 1);
    return (await query.getRawMany<RawSlip & RawNames>()).map((row) => withNames(slipOf(row), row));
  }
}

type RawNames = Record<string, unknown>;

/** The task columns a list reads, under their property names (raw rows, mapped by taskOf). */
const TASK_COLUMNS = [
  'task.id AS id',
  'task.title AS title',
  'task.lead_id AS leadId',
  'task.company_id AS companyId',
  'task.visit_id AS visitId',
  'task.assignee_id AS assigneeId',
  'task.region_code AS regionCode',
  'task.city_code AS cityCode',
  'task.due_at AS dueAt',
  'task.remind_at AS remindAt',
  'task.reminded_for AS remindedFor',
  'task.status AS status',
  'task.recurrence AS recurrence',
  'task.source AS source',
  'task.source_key AS sourceKey',
  'task.completed_at AS completedAt',
  'task.created_by AS createdBy',
  'task.version AS version',
  'task.created_at AS createdAt',
  'task.updated_at AS updatedAt',
];
type RawTask = Omit<TaskEntity, 'lead' | 'assignee' | 'version'> & { version: number | string };

const SLIP_COLUMNS = [
  's.id AS id',
  's.lead_id AS leadId',
  's.region_code AS regionCode',
  's.city_code AS cityCode',
  's.episode_at AS episodeAt',
  's.stage AS stage',
  's.status AS status',
  's.answer AS answer',
  's.answered_by AS answeredBy',
  's.answered_at AS answeredAt',
  's.due_at AS dueAt',
  's.overdue_level AS overdueLevel',
  's.version AS version',
  's.created_at AS createdAt',
  's.updated_at AS updatedAt',
];
type RawSlip = Omit<SupervisionSlipEntity, 'lead' | 'version' | 'overdueLevel'> & {
  version: number | string;
  overdueLevel: number | string;
};

const idText = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

function taskOf(row: RawTask): TaskEntity {
  return Object.assign(new TaskEntity(), {
    id: String(row.id),
    title: row.title,
    leadId: idText(row.leadId),
    companyId: idText(row.companyId),
    visitId: idText(row.visitId),
    assigneeId: String(row.assigneeId),
    regionCode: row.regionCode,
    cityCode: row.cityCode,
    dueAt: row.dueAt,
    remindAt: row.remindAt,
    remindedFor: row.remindedFor,
    status: row.status,
    recurrence: row.recurrence,
    source: row.source,
    sourceKey: row.sourceKey,
    completedAt: row.completedAt,
    createdBy: idText(row.createdBy),
    version: Number(row.version),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  });
}

function slipOf(row: RawSlip): SupervisionSlipEntity {
  return Object.assign(new SupervisionSlipEntity(), {
    id: String(row.id),
    leadId: String(row.leadId),
    regionCode: row.regionCode,
    cityCode: row.cityCode,
    episodeAt: row.episodeAt,
    stage: row.stage,
    status: row.status,
    answer: row.answer,
    answeredBy: idText(row.answeredBy),
    answeredAt: row.answeredAt,
    dueAt: row.dueAt,
    overdueLevel: Number(row.overdueLevel),
    version: Number(row.version),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  });
}

/** Pairs a listed record with the names its row carried (every join is on a primary key: one row per record). */
function withNames<T extends object>(record: T, row: RawNames): Listed<T> {
  const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
  return Object.assign(record, {
    names: {
      lead:
        row.lead_title === null || row.lead_title === undefined
          ? null
          : {
              title: String(row.lead_title),
              confidential: Number(row.lead_confidential) === 1,
              codeName: text(row.lead_code_name),
              regionCode: String(row.lead_region_code),
              cityCode: text(row.lead_city_code),
            },
      companyName: text(row.company_name),
      assigneeName: text(row.assignee_name),
      createdByName: text(row.creator_name),
      answeredByName: text(row.answerer_name),
    },
  });
}
