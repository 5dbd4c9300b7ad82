import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { JurisdictionScope } from '../../core/auth/jurisdiction-scope';
import { currentVersionOf } from '../../core/database/current-version';
import { UserEntity } from '../users/user.entity';
import { PIPELINE } from '../../shared/lead-stages';
import { TeamEntity } from './team.entity';
import { countedStageEntry } from '../leads/lead-records.entity';

export type TeamValues = Omit<
  TeamEntity,
  'id' | 'version' | 'createdAt' | 'updatedAt' | 'cluster' | 'baseRegion' | 'region' | 'leader'
>;

export interface TeamSummaryRow {
  visits: number;
  companiesTouched: number;
  highIntentSignals: number;
  leadsOpened: number;
  leadsAdvanced: number;
  signings: number;
  signedAmount: number;
}

/** The team reads of one jurisdiction (see docs/architecture.md, "Jurisdiction"). */
export type ScopedTeams = ReturnType<TeamsRepository['forScope']>;

/** Teams, always read through the caller's jurisdiction; their members are the users whose teamId is theirs. */
@Injectable()
export class TeamsRepository {
  constructor(@InjectRepository(TeamEntity) private readonly teams: Repository<TeamEntity>) {}

  /** The reads a request makes, bound to the caller's jurisdiction: no method of the result can leave it out. */
  forScope(scope: JurisdictionScope) {
    return {
      list: (clusterCode: string | undefined, beforeId: string | undefined, limit: number) =>
        this.listForJurisdiction(scope, clusterCode, beforeId, limit),
      findById: (id: string, manager?: EntityManager) => this.findInJurisdiction(scope, id, manager),
    };
  }

  private listForJurisdiction(
    scope: JurisdictionScope,
    clusterCode: string | undefined,
    beforeId: string | undefined,
    limit: number,
  ): Promise<TeamEntity[]> {
    const query = scope.applyTo(this.teams.createQueryBuilder('team'), 'team');
    if (clusterCode) query.andWhere('team.clusterCode = :clusterCode', { clusterCode });
    if (beforeId) query.andWhere('team.id < :beforeId', { beforeId });
    return query
      .orderBy('team.id', 'DESC')
      .limit(limit + 1)
      .getMany();
  }

  private findInJurisdiction(
    scope: JurisdictionScope,
    id: string,
    manager?: EntityManager,
  ): Promise<TeamEntity | null> {
    const query = (manager ? manager.getRepository(TeamEntity) : this.teams)
      .createQueryBuilder('team')
      .where('team.id = :id', { id });
    return scope.applyTo(query, 'team').getOne();
  }

  /** Any jurisdiction: a resident's own team, which may sit in a unit above the resident's. */
  findByIdUnscoped(id: string): Promise<TeamEntity | null> {
    return this.teams.findOne({ where: { id } });
  }

  async membersOf(teamIds: string[]): Promise<Array<Pick<UserEntity, 'id' | 'displayName' | 'role' | 'teamId'>>> {
    if (teamIds.length === 0) return [];
    return this.teams.manager.getRepository(UserEntity).find({
      select: { id: true, displayName: true, role: true, teamId: true },
      where: { teamId: In(teamIds) },
      order: { id: 'ASC' },
    });
  }

  /**
   * Any jurisdiction: the active members and the leader of each of `teamIds`, as (user, team) pairs, for telling a
   * team about another team's work near theirs. `manager`: the transaction that announces it.
   */
  async peopleOfUnscoped(
    manager: EntityManager,
    teamIds: string[],
  ): Promise<Array<{ userId: string; teamId: string }>> {
    if (teamIds.length === 0) return [];
    const rows: Array<{ userId: string; memberOf: string | null; leaderOf: string | null }> = await manager
      .createQueryBuilder(UserEntity, 'person')
      .leftJoin(TeamEntity, 'led', 'led.leaderUserId = person.id AND led.id IN (:...teamIds)', { teamIds })
      .select(['person.id AS userId', 'person.teamId AS memberOf', 'led.id AS leaderOf'])
      .where('person.active = 1')
      .andWhere('(person.teamId IN (:...teamIds) OR led.id IS NOT NULL)', { teamIds })
      .getRawMany();
    const wanted = new Set(teamIds.map(String));
    return rows.flatMap((row) =>
      [row.memberOf, row.leaderOf]
        .filter((teamId): teamId is string => teamId !== null && wanted.has(String(teamId)))
        .map((teamId) => ({ userId: String(row.userId), teamId: String(teamId) })),
    );
  }

  async insert(manager: EntityManager, values: TeamValues): Promise<string> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(TeamEntity)
      .values({ ...values, version: 1 })
      .updateEntity(false)
      .execute();
    return String(result.raw.insertId);
  }

  async updateIfVersion(
    manager: EntityManager,
    id: string,
    version: number,
    changes: Partial<TeamValues>,
  ): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(TeamEntity)
      .set({ ...changes, version: () => 'version + 1' } as never)
      .where('id = :id AND version = :version', { id, version })
      .execute();
    return result.affected === 1;
  }

  /** `manager`: a transaction's own connection, when asked inside one (see currentVersionOf). */
  currentVersion(id: string, manager?: EntityManager): Promise<number | null> {
    return currentVersionOf(this.teams, id, manager);
  }

  /** Makes `userIds` the team's members: they join it (leaving any other team) and everyone else leaves it. */
  async setMembers(manager: EntityManager, teamId: string, userIds: string[]): Promise<void> {
    const leave = manager
      .createQueryBuilder()
      .update(UserEntity)
      .set({ teamId: null })
      .where('team_id = :teamId', { teamId });
    if (userIds.length > 0) leave.andWhere('id NOT IN (:...userIds)', { userIds });
    await leave.execute();
    if (userIds.length > 0)
      await manager
        .createQueryBuilder()
        .update(UserEntity)
        .set({ teamId })
        .where('id IN (:...userIds)', { userIds })
        .execute();
  }

  /** The team's figures for a period: visits done, companies, high intent, and the leads its visits found. */
  async summary(teamId: string, from: Date, to: Date): Promise<TeamSummaryRow> {
    const [visits] = await this.teams.query(
      `SELECT COUNT(*) AS visits, COUNT(DISTINCT company_id) AS companies,
              SUM(CASE WHEN intent_level = 'high' THEN 1 ELSE 0 END) AS high
         FROM visits WHERE team_id = ? AND status = 'done' AND visited_at >= ? AND visited_at < ?`,
      [teamId, from, to],
    );
    const teamLeads = 'SELECT DISTINCT lead_id FROM visits WHERE team_id = ? AND lead_id IS NOT NULL';
    const [opened] = await this.teams.query(
      // A lead merged into another by a 撞单 ruling is counted on the winner only (one credit per project).
      `SELECT COUNT(*) AS n FROM leads WHERE source_visit_id IN (SELECT id FROM visits WHERE team_id = ?) AND created_at >= ? AND created_at < ?
          AND merged_into_lead_id IS NULL`,
      [teamId, from, to],
    );
    const order = PIPELINE.map(() => '?').join(', ');
    const [advanced] = await this.teams.query(
      `SELECT COUNT(DISTINCT lead_id) AS n FROM stage_events
        WHERE lead_id IN (${teamLeads}) AND at >= ? AND at < ?
          AND lead_id NOT IN (SELECT id FROM leads WHERE merged_into_lead_id IS NOT NULL)
          AND from_stage IN (${order}) AND to_stage IN (${order}) AND ${countedStageEntry('stage_events')}
          AND FIELD(to_stage, ${order}) > FIELD(from_stage, ${order})`,
      [teamId, from, to, ...PIPELINE, ...PIPELINE, ...PIPELINE, ...PIPELINE],
    );
    // Each lead signed in the period counts once, with its contract amount once, however often it was re-signed;
    // a signing counts once confirmed (甄别确认).
    const [signed] = await this.teams.query(
      `SELECT COUNT(*) AS n, COALESCE(SUM(l.signed_amount), 0) AS amount
         FROM leads l
        WHERE l.id IN (${teamLeads}) AND l.merged_into_lead_id IS NULL
          AND l.id IN (SELECT e.lead_id FROM stage_events e WHERE e.to_stage = 'signed' AND e.at >= ? AND e.at < ? AND ${countedStageEntry('e')})`,
      [teamId, from, to],
    );
    return {
      visits: Number(visits.visits),
      companiesTouched: Number(visits.companies),
      highIntentSignals: Number(visits.high ?? 0),
      leadsOpened: Number(opened.n),
      leadsAdvanced: Number(advanced.n),
      signings: Number(signed.n),
      signedAmount: Number(signed.amount),
    };
  }
}
