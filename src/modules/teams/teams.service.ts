import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { JurisdictionScope, UnitRef } from '../../core/auth/jurisdiction-scope';
import type { AuthPrincipal } from '../../core/auth/principal';
import { decodeKeyCursor, Page, toPage } from '../../core/common/pagination';
import { DomainException } from '../../core/errors/domain.exception';
import { diffChanges } from '../audit/audit-changes';
import { AuditService } from '../audit/audit.service';
import { ClusterCodes } from '../clusters/cluster-codes';
import { RegionUnits } from '../regions/region-units';
import { UsersRepository } from '../users/users.repository';
import {
  TeamCreateDto,
  TeamListQueryDto,
  TeamResponseDto,
  TeamSummaryDto,
  TeamSummaryQueryDto,
  TeamUpdateDto,
} from './dto/team.dto';
import { TeamEntity } from './team.entity';
import { TeamsRepository, TeamValues } from './teams.repository';

const AUDITED_FIELDS = [
  'name',
  'clusterCode',
  'baseRegionCode',
  'regionCode',
  'leaderUserId',
  'memberUserIds',
] as const;

/** Resident and docking teams: managed by administrators and managers inside their jurisdiction. */
@Injectable()
export class TeamsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly teams: TeamsRepository,
    private readonly users: UsersRepository,
    private readonly clusterCodes: ClusterCodes,
    private readonly regionUnits: RegionUnits,
    private readonly audit: AuditService,
  ) {}

  async list(principal: AuthPrincipal, query: TeamListQueryDto): Promise<Page<TeamResponseDto>> {
    const beforeId = query.cursor ? decodeKeyCursor(query.cursor) : undefined;
    const rows = await this.teams
      .forScope(JurisdictionScope.forPrincipal(principal))
      .list(query.clusterCode, beforeId, query.limit);
    const mapped = await this.withMembers(rows.slice(0, query.limit));
    return toPage(
      rows,
      query.limit,
      (row) => [row.id],
      (row) => mapped.get(String(row.id))!,
    );
  }

  async get(principal: AuthPrincipal, id: string): Promise<TeamResponseDto> {
    return (await this.withMembers([await this.requireVisible(principal, id)])).get(id)!;
  }

  async summary(principal: AuthPrincipal, id: string, query: TeamSummaryQueryDto): Promise<TeamSummaryDto> {
    await this.requireVisible(principal, id);
    const [from, to] = [new Date(query.from), new Date(query.to)];
    if (from >= to) throw DomainException.validation('to', 'isAfterFrom', 'must be later than from');
    return this.teams.summary(id, from, to);
  }

  async create(principal: AuthPrincipal, dto: TeamCreateDto): Promise<TeamResponseDto> {
    const unit = await this.unitInScope(principal, dto.regionCode ?? principal.regionCode);
    await this.clusterCodes.require(dto.clusterCode, null);
    if (dto.baseRegionCode) await this.regionUnits.requireKnown(dto.baseRegionCode, 'baseRegionCode');
    const members = await this.assignableMembers(principal, unit, null, dto.memberUserIds ?? []);
    if (dto.leaderUserId) await this.usersInUnit(unit, [dto.leaderUserId], 'leaderUserId');
    const values: TeamValues = {
      name: dto.name,
      clusterCode: dto.clusterCode,
      baseRegionCode: dto.baseRegionCode ?? null,
      regionCode: unit.regionCode,
      cityCode: unit.cityCode,
      leaderUserId: dto.leaderUserId ?? null,
      createdBy: principal.userId,
    };
    const id = await this.dataSource.transaction(async (manager) => {
      const newId = await this.teams.insert(manager, values);
      await this.teams.setMembers(manager, newId, members);
      await this.audit.record(manager, {
        actor: principal,
        action: 'create',
        entity: 'team',
        entityId: newId,
        unit,
        changes: diffChanges(null, { ...values, memberUserIds: members }, AUDITED_FIELDS),
      });
      return newId;
    });
    return this.get(principal, id);
  }

  async update(principal: AuthPrincipal, id: string, dto: TeamUpdateDto): Promise<TeamResponseDto> {
    const current = await this.requireVisible(principal, id);
    if (dto.version !== current.version) throw await this.versionConflict(id);
    const changes: Partial<TeamValues> = {};
    if (dto.name !== undefined) changes.name = dto.name;
    if (dto.clusterCode !== undefined) {
      await this.clusterCodes.require(dto.clusterCode, null);
      changes.clusterCode = dto.clusterCode;
    }
    if (dto.baseRegionCode !== undefined) {
      if (dto.baseRegionCode) await this.regionUnits.requireKnown(dto.baseRegionCode, 'baseRegionCode');
      changes.baseRegionCode = dto.baseRegionCode;
    }
    if (dto.leaderUserId !== undefined) {
      if (dto.leaderUserId) await this.usersInUnit(current, [dto.leaderUserId], 'leaderUserId');
      changes.leaderUserId = dto.leaderUserId;
    }
    const members =
      dto.memberUserIds === undefined
        ? undefined
        : await this.assignableMembers(principal, current, id, dto.memberUserIds);
    const before = { ...current, memberUserIds: (await this.teams.membersOf([id])).map((user) => String(user.id)) };
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.teams.updateIfVersion(manager, id, dto.version, changes)))
        throw await this.versionConflict(id, manager);
      if (members) await this.teams.setMembers(manager, id, members);
      await this.audit.record(manager, {
        actor: principal,
        action: 'update',
        entity: 'team',
        entityId: id,
        unit: current,
        changes: diffChanges(
          before,
          { ...before, ...changes, ...(members ? { memberUserIds: members } : {}) },
          AUDITED_FIELDS,
        ),
      });
    });
    return this.get(principal, id);
  }

  /** Any jurisdiction: only for a resident's own team (visits), which may sit in a unit above the resident's. */
  findByIdUnscoped(id: string): Promise<TeamEntity | null> {
    return this.teams.findByIdUnscoped(id);
  }

  /** The team if the caller may see it, for other modules (visits) too. */
  async requireVisible(principal: AuthPrincipal, id: string): Promise<TeamEntity> {
    const team = await this.teams.forScope(JurisdictionScope.forPrincipal(principal)).findById(id);
    if (!team) throw DomainException.notFound('Team', id);
    return team;
  }

  /** Any jurisdiction: the active members and leaders of `teamIds` (see TeamsRepository.peopleOfUnscoped). */
  peopleOfUnscoped(manager: EntityManager, teamIds: string[]): Promise<Array<{ userId: string; teamId: string }>> {
    return this.teams.peopleOfUnscoped(manager, teamIds);
  }

  /** Users that must belong to the team's unit or below: members, leaders, visit attendees, assignees. */
  async usersInUnit(unit: UnitRef, userIds: string[], field: string): Promise<string[]> {
    const users = this.users.forScope(JurisdictionScope.of(unit));
    for (const userId of userIds) {
      const user = await users.findById(userId);
      if (!user || !user.active)
        throw DomainException.validation(
          field,
          'isTeamUser',
          `must list active users of the team’s unit (${userId} is not one)`,
        );
    }
    return userIds;
  }

  /**
   * Members must be users of the team's unit, and may not be pulled out of a team the caller cannot see
   * (that team's managers would lose a member without a trace).
   */
  private async assignableMembers(
    principal: AuthPrincipal,
    unit: UnitRef,
    teamId: string | null,
    userIds: string[],
  ): Promise<string[]> {
    await this.usersInUnit(unit, userIds, 'memberUserIds');
    const teams = this.teams.forScope(JurisdictionScope.forPrincipal(principal));
    for (const userId of userIds) {
      // Already checked to be a user of the team's unit just above; this reads which team they are in now.
      const user = await this.users.findByIdUnscoped(userId);
      const otherTeamId = user?.teamId === null || user?.teamId === undefined ? null : String(user.teamId);
      if (otherTeamId && otherTeamId !== teamId && !(await teams.findById(otherTeamId))) {
        throw DomainException.notPermitted(
          'memberUserIds',
          `includes user ${userId}, who belongs to a team outside your jurisdiction`,
        );
      }
    }
    return userIds;
  }

  private async unitInScope(principal: AuthPrincipal, regionCode: string): Promise<UnitRef> {
    const unit = await this.regionUnits.require(regionCode);
    if (!JurisdictionScope.forPrincipal(principal).contains(unit))
      throw DomainException.notPermitted('regionCode', 'is outside your jurisdiction');
    return unit;
  }

  private async withMembers(rows: TeamEntity[]): Promise<Map<string, TeamResponseDto>> {
    const members = await this.teams.membersOf(rows.map((row) => String(row.id)));
    return new Map(
      rows.map((row) => [
        String(row.id),
        {
          id: String(row.id),
          name: row.name,
          clusterCode: row.clusterCode,
          baseRegionCode: row.baseRegionCode,
          regionCode: row.regionCode,
          leaderUserId: row.leaderUserId === null ? null : String(row.leaderUserId),
          members: members
            .filter((user) => String(user.teamId) === String(row.id))
            .map((user) => ({ id: String(user.id), displayName: user.displayName, role: user.role })),
          version: row.version,
          createdAt: row.createdAt.toISOString(),
          updatedAt: row.updatedAt.toISOString(),
        },
      ]),
    );
  }

  private async versionConflict(id: string, manager?: EntityManager): Promise<DomainException> {
    // Inside a transaction through its own connection: a second one from the pool can wait for ever (see LeadsService).
    return DomainException.versionConflict('Team', id, await this.teams.currentVersion(id, manager));
  }
}
