import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { JurisdictionScope } from '../../core/auth/jurisdiction-scope';
import type { AuthPrincipal } from '../../core/auth/principal';
import type { AppConfig } from '../../core/config/app-config';
import { InjectConfig } from '../../core/config/config.module';
import { shanghaiDate } from '../../core/common/deadline-calendar';
import { decodeCursor, decodeKeyCursor, Page, toPage } from '../../core/common/pagination';
import { isUniqueViolation } from '../../core/errors/all-exceptions.filter';
import { DomainException } from '../../core/errors/domain.exception';
import { ErrorCode } from '../../core/errors/error-codes';
import { diffChanges } from '../audit/audit-changes';
import { AuditService } from '../audit/audit.service';
import { ChambersRepository } from '../chambers/chambers.repository';
import { CompaniesRepository } from '../companies/companies.repository';
import { leadAccessFor, reachesVisit } from '../leads/lead-access';
import { LeadWriter } from '../leads/lead-writer';
import { LeadReader } from '../leads/lead-reader';
import { LeadsService } from '../leads/leads.service';
import { NotificationsService } from '../notifications/notifications.service';
import { TasksService } from '../tasks/tasks.service';
import { TeamEntity } from '../teams/team.entity';
import { TeamsService } from '../teams/teams.service';
import {
  CalendarEntryDto,
  IntelligenceEntryDto,
  IntelligenceQueryDto,
  VisitCalendarQueryDto,
  VisitCreateDto,
  VisitListQueryDto,
  VisitResponseDto,
  VisitUpdateDto,
  VisitWarningDto,
} from './dto/visit.dto';
import type { VisitKind } from './visit.entity';
import { VisitAccess, VisitRow, VisitsRepository, VisitValues, VisitWithNames } from './visits.repository';

const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;
const MAX_CALENDAR_DAYS = 366;
const NEEDS_COMPANY_OR_CHAMBER: readonly VisitKind[] = ['company', 'chamber', 'exhibition'];
const AUDITED_FIELDS = [
  'teamId',
  'status',
  'visitedAt',
  'kind',
  'companyId',
  'chamberId',
  'location',
  'ourAttendees',
  'theirAttendees',
  'summary',
  'intelligence',
  'nextSteps',
  'leadId',
] as const;

export function mapVisit(row: VisitRow, warnings?: VisitWarningDto[]): VisitResponseDto {
  const id = (value: string | null) => (value === null ? null : String(value));
  return {
    id: String(row.id),
    teamId: String(row.teamId),
    status: row.status,
    visitedAt: row.visitedAt.toISOString(),
    kind: row.kind,
    companyId: id(row.companyId),
    chamberId: id(row.chamberId),
    location: row.location,
    ourAttendees: row.ourAttendees,
    theirAttendees: row.theirAttendees,
    summary: row.summary,
    intelligence: row.intelligence,
    nextSteps: row.nextSteps,
    leadId: id(row.leadId),
    regionCode: row.regionCode,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    ...(warnings ? { warnings } : {}),
  };
}

/** Resident teams' visit log: one request per visit, idempotent, with overlap warnings across teams. */
@Injectable()
export class VisitsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectConfig() private readonly config: AppConfig,
    private readonly visits: VisitsRepository,
    private readonly teams: TeamsService,
    private readonly companies: CompaniesRepository,
    private readonly chambers: ChambersRepository,
    private readonly leadWriter: LeadWriter,
    private readonly leadsService: LeadsService,
    private readonly leadReader: LeadReader,
    private readonly tasks: TasksService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {}

  async create(principal: AuthPrincipal, dto: VisitCreateDto, idempotencyKey?: string): Promise<VisitResponseDto> {
    const requestHash = createHash('sha256').update(JSON.stringify(dto)).digest('hex');
    if (idempotencyKey) {
      const replay = await this.replay(principal, idempotencyKey, requestHash);
      if (replay) return replay;
    }
    const team = await this.teamFor(principal, dto.teamId);
    const status = dto.status ?? 'done';
    const visitedAt = new Date(dto.visitedAt);
    this.assertTiming(status, visitedAt);
    if (NEEDS_COMPANY_OR_CHAMBER.includes(dto.kind) && !dto.companyId && !dto.chamberId) {
      throw DomainException.validation(
        dto.kind === 'chamber' ? 'chamberId' : 'companyId',
        'isDefined',
        `is required for a ${dto.kind} visit (a company or a chamber)`,
      );
    }
    if (dto.companyId && !(await this.companies.findById(dto.companyId)))
      throw DomainException.validation('companyId', 'exists', 'is not a known company');
    if (dto.chamberId && !(await this.chambers.findById(dto.chamberId)))
      throw DomainException.validation('chamberId', 'exists', 'is not a known chamber');
    await this.teams.usersInUnit(team, dto.ourAttendees ?? [], 'ourAttendees');
    await this.teams.usersInUnit(
      team,
      (dto.nextSteps ?? []).map((step) => step.assigneeId),
      'nextSteps',
    );
    if (dto.leadId && dto.createLead)
      throw DomainException.notPermitted(
        'createLead',
        'cannot come with leadId: link an existing lead or open a new one',
      );
    if (dto.leadId) await this.requireLead(principal, dto.leadId);
    if (dto.createLead && !dto.companyId)
      throw DomainException.validation('companyId', 'isDefined', 'is required to open a lead from the visit');
    if (dto.createLead && status !== 'done')
      throw DomainException.notPermitted('createLead', 'opens a lead from a visit that took place (status done)');

    const values: VisitValues = {
      teamId: String(team.id),
      status,
      visitedAt,
      kind: dto.kind,
      companyId: dto.companyId ?? null,
      chamberId: dto.chamberId ?? null,
      location: dto.location ?? null,
      ourAttendees: dto.ourAttendees ?? [],
      theirAttendees: (dto.theirAttendees ?? []).map((attendee) => ({ ...attendee })),
      summary: dto.summary ?? null,
      intentLevel: dto.intelligence?.intentLevel ?? null,
      intelligence: dto.intelligence ? { ...dto.intelligence } : null,
      nextSteps: (dto.nextSteps ?? []).map((step) => ({ ...step })),
      leadId: dto.leadId ?? null,
      regionCode: team.regionCode,
      cityCode: team.cityCode,
      idempotencyKey: idempotencyKey ?? null,
      requestHash: idempotencyKey ? requestHash : null,
      createdBy: principal.userId,
    };
    let id: string;
    let overlaps: VisitWithNames[] = [];
    try {
      id = await this.dataSource.transaction(async (manager) => {
        const visitId = await this.visits.insert(manager, values);
        let leadId = values.leadId;
        if (dto.createLead) {
          // The lead is held by the team's unit, so the team sees what its visit found.
          const lead = await this.leadsService.prepareNewLead(
            principal,
            {
              ...dto.createLead,
              companyId: dto.companyId!,
              regionCode: team.regionCode,
              source: { kind: 'visit', visitId },
            },
            manager,
          );
          leadId = await this.leadWriter.insert(manager, principal, lead, 'visit');
          await this.visits.linkLead(manager, visitId, leadId);
        } else if (dto.leadId) {
          await this.leadWriter.touch(manager, dto.leadId);
        }
        await this.audit.record(manager, {
          actor: principal,
          action: 'create',
          entity: 'visit',
          entityId: visitId,
          unit: team,
          changes: diffChanges(null, { ...values, leadId }, AUDITED_FIELDS),
        });
        await this.tasks.fromVisitSteps(
          manager,
          principal,
          {
            id: visitId,
            leadId,
            companyId: values.companyId,
            regionCode: values.regionCode,
            cityCode: values.cityCode,
          },
          values.nextSteps,
        );
        overlaps = await this.overlapsOf({ ...values, id: visitId });
        await this.tellOverlappedTeams(manager, principal, { ...values, id: visitId, teamName: team.name }, overlaps);
        return visitId;
      });
    } catch (error) {
      // The same key arriving twice at once: the first insert won; answer with its visit.
      if (idempotencyKey && isUniqueViolation(error)) {
        const replay = await this.replay(principal, idempotencyKey, requestHash);
        if (replay) return replay;
      }
      throw error;
    }
    // Re-read of the visit this request just authorised and wrote.
    const saved = (await this.visits.findByIdUnscoped(id))!;
    return mapVisit(saved, this.warningsOf(principal, overlaps));
  }

  async update(principal: AuthPrincipal, id: string, dto: VisitUpdateDto): Promise<VisitResponseDto> {
    const current = await this.requireVisible(principal, id);
    if (dto.version !== current.version) throw await this.versionConflict(id);
    const team = await this.teamFor(principal, current.teamId);
    const changes: Partial<VisitValues> = {};
    if (dto.status !== undefined) changes.status = dto.status;
    if (dto.visitedAt !== undefined) changes.visitedAt = new Date(dto.visitedAt);
    this.assertTiming(changes.status ?? current.status, changes.visitedAt ?? current.visitedAt);
    if (dto.location !== undefined) changes.location = dto.location;
    if (dto.summary !== undefined) changes.summary = dto.summary;
    if (dto.theirAttendees !== undefined)
      changes.theirAttendees = dto.theirAttendees.map((attendee) => ({ ...attendee }));
    if (dto.ourAttendees !== undefined)
      changes.ourAttendees = await this.teams.usersInUnit(team, dto.ourAttendees, 'ourAttendees');
    if (dto.nextSteps !== undefined) {
      await this.teams.usersInUnit(
        team,
        dto.nextSteps.map((step) => step.assigneeId),
        'nextSteps',
      );
      changes.nextSteps = dto.nextSteps.map((step) => ({ ...step }));
    }
    if (dto.intelligence !== undefined) {
      changes.intelligence = dto.intelligence ? { ...dto.intelligence } : null;
      changes.intentLevel = dto.intelligence?.intentLevel ?? null;
    }
    if (dto.leadId !== undefined) {
      if (dto.leadId) await this.requireLead(principal, dto.leadId);
      changes.leadId = dto.leadId ?? null;
    }
    const overlaps = await this.dataSource.transaction(async (manager) => {
      if (!(await this.visits.updateIfVersion(manager, id, dto.version, changes)))
        throw await this.versionConflict(id, manager);
      await this.audit.record(manager, {
        actor: principal,
        action: 'update',
        entity: 'visit',
        entityId: id,
        unit: current,
        changes: diffChanges(current, { ...current, ...changes }, AUDITED_FIELDS),
      });
      // Steps added later become tasks too; steps already made into tasks are kept as the tasks are (people edit those).
      if (changes.nextSteps) {
        const visit = { ...current, ...changes };
        await this.tasks.fromVisitSteps(
          manager,
          principal,
          {
            id,
            leadId: visit.leadId,
            companyId: visit.companyId,
            regionCode: visit.regionCode,
            cityCode: visit.cityCode,
          },
          changes.nextSteps,
        );
      }
      const updated = { ...current, ...changes };
      const others = await this.overlapsOf(updated);
      // A visit moved in time or taken up again may come near other teams' visits: they hear of it (once). An edit
      // of its notes tells nobody: the teams that came later saw the warning when they logged theirs.
      if (changes.visitedAt || changes.status)
        await this.tellOverlappedTeams(manager, principal, { ...updated, teamName: team.name }, others);
      return others;
    });
    // Re-read of the visit this request just authorised and wrote.
    const saved = (await this.visits.findByIdUnscoped(id))!;
    return mapVisit(saved, this.warningsOf(principal, overlaps));
  }

  async get(principal: AuthPrincipal, id: string): Promise<VisitResponseDto> {
    return mapVisit(await this.requireVisible(principal, id));
  }

  async list(principal: AuthPrincipal, query: VisitListQueryDto): Promise<Page<VisitResponseDto>> {
    const before = query.cursor ? decodeKeyCursor(query.cursor) : undefined;
    const rows = await this.visits
      .scoped(this.accessFor(principal))
      .list({ teamId: query.teamId, companyId: query.companyId, status: query.status }, before, query.limit);
    // The leads' names in one query for the page, as the caller may read them.
    const leadNames = await this.leadReader.labelsFor(
      JurisdictionScope.forPrincipal(principal),
      rows.flatMap((row) => (row.leadId === null ? [] : [String(row.leadId)])),
    );
    return toPage(
      rows,
      query.limit,
      (row) => [row.id],
      (row) => ({
        ...mapVisit(row),
        teamName: row.teamName,
        companyName: row.companyName,
        chamberName: row.chamberName,
        leadTitle: row.leadId === null ? null : (leadNames.get(String(row.leadId)) ?? null),
      }),
    );
  }

  async calendar(principal: AuthPrincipal, query: VisitCalendarQueryDto): Promise<Page<CalendarEntryDto>> {
    const [from, to] = [new Date(query.from), new Date(query.to)];
    if (from >= to) throw DomainException.validation('to', 'isAfterFrom', 'must be later than from');
    if (to.getTime() - from.getTime() > MAX_CALENDAR_DAYS * 24 * 3600 * 1000)
      throw DomainException.validation('to', 'maxSpan', `must be within ${MAX_CALENDAR_DAYS} days of from`);
    // The jurisdiction itself, also for residents (whose access reaches their team's visits wherever it sits).
    const visits = this.visits.scoped({ scope: JurisdictionScope.forPrincipal(principal) });
    const after = query.cursor ? this.timeCursor(query.cursor) : undefined;
    const rows = await visits.calendar(
      { from, to, companyId: query.companyId, teamId: query.teamId },
      after,
      query.limit,
    );
    const seesDetails = this.detailRule(principal);
    // The overlap marks of the entries the caller may read in full, in one query for the page.
    const overlapTeams = await this.visits.overlapTeamsUnscoped(
      rows.slice(0, query.limit).flatMap((row) => (seesDetails(row) && row.companyId ? [String(row.id)] : [])),
      this.config.visitOverlapDays,
    );
    return toPage(
      rows,
      query.limit,
      (row) => [row.visitedAt.toISOString(), String(row.id)],
      (row) => {
        const detailed = seesDetails(row);
        return {
          id: detailed ? String(row.id) : null,
          visitedAt: row.visitedAt.toISOString(),
          status: row.status,
          teamName: row.teamName,
          detailed,
          kind: detailed ? row.kind : null,
          companyName: detailed ? row.companyName : null,
          summary: detailed ? row.summary : null,
          overlapTeamNames: detailed ? (overlapTeams.get(String(row.id)) ?? []) : [],
        };
      },
    );
  }

  async intelligence(principal: AuthPrincipal, query: IntelligenceQueryDto): Promise<Page<IntelligenceEntryDto>> {
    const after = query.cursor ? this.timeCursor(query.cursor) : undefined;
    const rows = await this.visits.scoped({ scope: JurisdictionScope.forPrincipal(principal) }).intelligence(
      {
        clusterCode: query.clusterCode,
        intentLevel: query.intentLevel,
        from: query.from ? new Date(query.from) : undefined,
      },
      after,
      query.limit,
    );
    return toPage(
      rows,
      query.limit,
      (row) => [row.visitedAt.toISOString(), String(row.id)],
      (row) => ({
        visitId: String(row.id),
        visitedAt: row.visitedAt.toISOString(),
        teamName: row.teamName,
        companyId: row.companyId === null ? null : String(row.companyId),
        companyName: row.companyName,
        intelligence: row.intelligence!,
        leadId: row.leadId === null ? null : String(row.leadId),
      }),
    );
  }

  /**
   * Other teams' visits to the visit's company within VISIT_OVERLAP_DAYS, planned or done. Any jurisdiction on
   * purpose: other units' visits show only as dates and team names (detailRule masks the rest).
   */
  private overlapsOf(
    visit: Pick<VisitRow, 'id' | 'companyId' | 'teamId' | 'visitedAt' | 'status'>,
  ): Promise<VisitWithNames[]> {
    if (!visit.companyId || visit.status === 'cancelled') return Promise.resolve([]);
    // Any jurisdiction: the overlap is with other units' teams; callers mask what they may not read.
    return this.visits.overlappingUnscoped(
      String(visit.companyId),
      String(visit.teamId),
      visit.visitedAt,
      this.config.visitOverlapDays,
      String(visit.id),
    );
  }

  /** The warning the logging team reads: the other teams' visits, details only inside the jurisdiction. */
  private warningsOf(principal: AuthPrincipal, others: VisitWithNames[]): VisitWarningDto[] {
    if (others.length === 0) return [];
    const seesDetails = this.detailRule(principal);
    return [
      {
        code: 'VISIT_OVERLAP',
        message: `${others.length} visit(s) by other teams to this company within ${this.config.visitOverlapDays} days; coordinate with them`,
        visits: others.map((other) => ({
          id: seesDetails(other) ? String(other.id) : null,
          teamName: other.teamName,
          visitedAt: other.visitedAt.toISOString(),
          status: other.status,
          summary: seesDetails(other) ? other.summary : null,
        })),
      },
    ];
  }

  private async warnings(principal: AuthPrincipal, visit: VisitRow): Promise<VisitWarningDto[]> {
    return this.warningsOf(principal, await this.overlapsOf(visit));
  }

  /**
   * The other side of the overlap warning: each team whose visit this one comes near hears of it (its members, its
   * leader and whoever logged its visit), once per visit and person however often the visit is saved, in the
   * transaction that wrote it. They learn the team's name and the date, as they would see it on the calendar.
   */
  private async tellOverlappedTeams(
    manager: EntityManager,
    principal: AuthPrincipal,
    visit: Pick<VisitRow, 'id' | 'visitedAt' | 'status'> & { teamName: string },
    others: VisitWithNames[],
  ): Promise<void> {
    // Per team, its visit nearest in time is the one the message names.
    const nearest = new Map<string, VisitWithNames>();
    const distance = (other: VisitWithNames) => Math.abs(other.visitedAt.getTime() - visit.visitedAt.getTime());
    for (const other of others) {
      const known = nearest.get(String(other.teamId));
      if (!known || distance(other) < distance(known)) nearest.set(String(other.teamId), other);
    }
    if (nearest.size === 0) return;
    // Any jurisdiction: the earlier teams may sit in other units; they learn only a team name and a date.
    const recipients = await this.teams.peopleOfUnscoped(manager, [...nearest.keys()]);
    for (const [teamId, theirs] of nearest) {
      const userIds = recipients.filter((row) => row.teamId === teamId).map((row) => row.userId);
      if (theirs.createdBy) userIds.push(String(theirs.createdBy));
      await this.notifications.notifyUsers(
        manager,
        userIds.filter((userId) => userId !== principal.userId),
        {
          kind: 'visit_overlap',
          title: `${visit.teamName}${visit.status === 'planned' ? '计划于' : '已于'} ${shanghaiDate(visit.visitedAt)} 拜访「${theirs.companyName ?? '同一企业'}」`,
          body: `与贵团队 ${shanghaiDate(theirs.visitedAt)} 的拜访相隔不足 ${this.config.visitOverlapDays} 天，请与对方团队协调，避免重复对接。`,
          leadId: null,
          subjectKind: 'visit',
          subjectId: String(theirs.id),
          dedupeKey: `visit-overlap:${visit.id}`,
        },
      );
    }
  }

  private async replay(principal: AuthPrincipal, key: string, requestHash: string): Promise<VisitResponseDto | null> {
    const first = await this.visits.findByIdempotencyKey(principal.userId, key);
    if (!first) return null;
    if (first.requestHash !== requestHash) {
      throw new DomainException(
        ErrorCode.Conflict,
        'This Idempotency-Key was used for a different visit; use a new key',
        [
          {
            field: 'Idempotency-Key',
            constraint: 'sameRequest',
            message: 'was used with another body',
            visitId: String(first.id),
          },
        ],
      );
    }
    return mapVisit(first, await this.warnings(principal, first));
  }

  /** Whether the caller may see a visit's details: inside the jurisdiction, and for residents their team's or their own. */
  private detailRule(principal: AuthPrincipal): (visit: VisitRow) => boolean {
    return (visit) => reachesVisit(principal, visit);
  }

  /** Residents reach their own and their team's visits, wherever the team's unit sits; others their jurisdiction. */
  private accessFor(principal: AuthPrincipal): VisitAccess {
    const lead = leadAccessFor(principal);
    return { scope: lead.scope, resident: lead.resident };
  }

  private async requireVisible(principal: AuthPrincipal, id: string): Promise<VisitRow> {
    const visit = await this.visits.scoped(this.accessFor(principal)).findById(id);
    if (!visit) throw DomainException.notFound('Visit', id);
    return visit;
  }

  /** The team a visit is logged for: visible to the caller, and for residents their own team. */
  private async teamFor(principal: AuthPrincipal, teamId: string): Promise<TeamEntity> {
    if (principal.role === 'resident') {
      if (String(principal.teamId) !== String(teamId))
        throw DomainException.notPermitted('teamId', 'must be your own team');
      // A resident's team may belong to a unit above the resident's own.
      return (await this.teams.findByIdUnscoped(String(teamId)))!;
    }
    return this.teams.requireVisible(principal, String(teamId)).catch((error: unknown) => {
      if (error instanceof DomainException && error.code === ErrorCode.NotFound)
        throw DomainException.validation('teamId', 'exists', 'is not a team of your jurisdiction');
      throw error;
    });
  }

  /** A lead the caller works on: held in their jurisdiction (a resident's own or team's) or co-handled by their unit. */
  private async requireLead(principal: AuthPrincipal, leadId: string): Promise<void> {
    await this.leadsService.requireHeld(principal, leadId, 'collaborator').catch((error: unknown) => {
      if (error instanceof DomainException && error.code === ErrorCode.NotFound)
        throw DomainException.validation('leadId', 'exists', 'is not a lead you can see');
      if (error instanceof DomainException && error.code === ErrorCode.Forbidden)
        throw DomainException.validation(
          'leadId',
          'isWorkable',
          'is a lead your unit only reads; visits go on leads it holds or co-handles',
        );
      throw error;
    });
  }

  private assertTiming(status: string, visitedAt: Date): void {
    if (status === 'done' && visitedAt.getTime() > Date.now() + FUTURE_TOLERANCE_MS) {
      throw DomainException.validation(
        'visitedAt',
        'notInFuture',
        'must not be in the future for a visit that is done (plan it instead)',
      );
    }
  }

  private timeCursor(cursor: string): [string, string] {
    const [at, id] = decodeCursor(cursor, 2);
    if (typeof at !== 'string' || Number.isNaN(Date.parse(at)) || !/^[1-9]\d{0,17}$/.test(String(id))) {
      throw DomainException.validation('cursor', 'isCursor', 'is not a cursor of this list; start again without it');
    }
    return [at, String(id)];
  }

  private async versionConflict(id: string, manager?: EntityManager): Promise<DomainException> {
    // Inside a transaction through its own connection: a second one from the pool can wait for ever (see LeadsService).
    return DomainException.versionConflict('Visit', id, await this.visits.currentVersion(id, manager));
  }
}
