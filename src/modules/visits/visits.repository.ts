import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository, SelectQueryBuilder } from 'typeorm';
import type { JurisdictionScope } from '../../core/auth/jurisdiction-scope';
import { currentVersionOf } from '../../core/database/current-version';
import { ChamberEntity } from '../chambers/chamber.entity';
import { CompanyEntity } from '../companies/company.entity';
import { TeamEntity } from '../teams/team.entity';
import { VisitEntity, VisitStatus } from './visit.entity';

export type VisitRow = Omit<VisitEntity, 'team' | 'company' | 'chamber' | 'lead'>;
export type VisitValues = Omit<VisitRow, 'id' | 'version' | 'createdAt' | 'updatedAt'>;

/** Who may see a visit: the jurisdiction, and for residents their team's visits and their own. */
export interface VisitAccess {
  scope: JurisdictionScope;
  resident?: { userId: string; teamId: string | null };
}

export interface VisitWithNames extends VisitRow {
  teamName: string;
  companyName: string | null;
  chamberName: string | null;
}

/** The visit reads of one caller: every method applies the access it was made with (see docs/architecture.md, "Jurisdiction"). */
export type ScopedVisits = ReturnType<VisitsRepository['scoped']>;

/** Visits, read through the caller's access; calendars may show other units' visits of one company as dates. */
@Injectable()
export class VisitsRepository {
  constructor(@InjectRepository(VisitEntity) private readonly visits: Repository<VisitEntity>) {}

  /** The reads a request makes, bound to the caller's access: no method of the result can leave it out. */
  scoped(access: VisitAccess) {
    return {
      list: (
        filter: { teamId?: string; companyId?: string; status?: VisitStatus },
        before: string | undefined,
        limit: number,
      ) => this.list(access, filter, before, limit),
      findById: (id: string) => this.findForAccess(access, id),
      calendar: (
        filter: { from: Date; to: Date; companyId?: string; teamId?: string },
        after: [string, string] | undefined,
        limit: number,
      ) => this.calendar(access.scope, filter, after, limit),
      intelligence: (
        filter: { clusterCode?: string; intentLevel?: string; from?: Date },
        after: [string, string] | undefined,
        limit: number,
      ) => this.intelligence(access.scope, filter, after, limit),
    };
  }

  /** With the team's, company's and chamber's names, so a page of visits needs no lookups. */
  private list(
    access: VisitAccess,
    filter: { teamId?: string; companyId?: string; status?: VisitStatus },
    before: string | undefined,
    limit: number,
  ): Promise<VisitWithNames[]> {
    const query = this.withAccess(this.named(), access);
    if (filter.teamId) query.andWhere('visit.teamId = :teamId', { teamId: filter.teamId });
    if (filter.companyId) query.andWhere('visit.companyId = :companyId', { companyId: filter.companyId });
    if (filter.status) query.andWhere('visit.status = :status', { status: filter.status });
    if (before) query.andWhere('visit.id < :before', { before });
    return this.rawWithNames(query.orderBy('visit.id', 'DESC').limit(limit + 1));
  }

  private findForAccess(access: VisitAccess, id: string): Promise<VisitRow | null> {
    return this.withAccess(this.visits.createQueryBuilder('visit').where('visit.id = :id', { id }), access).getOne();
  }

  /** Any jurisdiction: re-reads of a visit the service has just authorised and written. */
  findByIdUnscoped(id: string, manager?: EntityManager): Promise<VisitRow | null> {
    return (manager ? manager.getRepository(VisitEntity) : this.visits).findOne({ where: { id } });
  }

  /** The caller's own earlier visit under `key` (owned by `createdBy`, so no jurisdiction applies). */
  findByIdempotencyKey(createdBy: string, key: string): Promise<VisitRow | null> {
    return this.visits.findOne({ where: { createdBy, idempotencyKey: key } });
  }

  async insert(manager: EntityManager, values: VisitValues): Promise<string> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(VisitEntity)
      .values({ ...values, version: 1 } as never)
      .updateEntity(false)
      .execute();
    return String(result.raw.insertId);
  }

  async updateIfVersion(
    manager: EntityManager,
    id: string,
    version: number,
    changes: Partial<VisitValues>,
  ): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(VisitEntity)
      .set({ ...changes, version: () => 'version + 1' } as never)
      .where('id = :id AND version = :version', { id, version })
      .execute();
    return result.affected === 1;
  }

  /** Links a visit to the lead it opened, without counting as an edit of the visit. */
  async linkLead(manager: EntityManager, visitId: string, leadId: string): Promise<void> {
    await manager.query('UPDATE visits SET lead_id = ? WHERE id = ?', [leadId, visitId]);
  }

  /** `manager`: a transaction's own connection, when asked inside one (see currentVersionOf). */
  currentVersion(id: string, manager?: EntityManager): Promise<number | null> {
    return currentVersionOf(this.visits, id, manager);
  }

  /** Other teams' planned or done visits to a company within `days` of `at`, any jurisdiction (callers mask details). */
  overlappingUnscoped(
    companyId: string,
    teamId: string,
    at: Date,
    days: number,
    excludeId?: string,
  ): Promise<VisitWithNames[]> {
    const span = days * 24 * 3600 * 1000;
    const query = this.named()
      .where('visit.companyId = :companyId AND visit.teamId <> :teamId', { companyId, teamId })
      .andWhere("visit.status <> 'cancelled'")
      .andWhere('visit.visitedAt BETWEEN :start AND :end', {
        start: new Date(at.getTime() - span),
        end: new Date(at.getTime() + span),
      });
    if (excludeId) query.andWhere('visit.id <> :excludeId', { excludeId });
    return this.rawWithNames(query.orderBy('visit.visitedAt', 'ASC').limit(50));
  }

  /**
   * For each of `visitIds`, the other teams that visit its company within `days` (not cancelled): the calendar's
   * overlap marks, in one query for the page.
   */
  async overlapTeamsUnscoped(visitIds: string[], days: number): Promise<Map<string, string[]>> {
    if (visitIds.length === 0) return new Map();
    const rows: Array<{ visitId: string; teamName: string }> = await this.visits.query(
      `SELECT DISTINCT v.id AS visitId, t.name AS teamName
         FROM visits v
         JOIN visits o ON o.company_id = v.company_id AND o.team_id <> v.team_id AND o.status <> 'cancelled'
              AND o.visited_at BETWEEN v.visited_at - INTERVAL ? DAY AND v.visited_at + INTERVAL ? DAY
         JOIN teams t ON t.id = o.team_id
        WHERE v.id IN (?) AND v.status <> 'cancelled'
        ORDER BY t.name`,
      [days, days, visitIds],
    );
    const teams = new Map<string, string[]>();
    for (const row of rows) teams.set(String(row.visitId), [...(teams.get(String(row.visitId)) ?? []), row.teamName]);
    return teams;
  }

  /**
   * Visits in a period, oldest first, keyset on (visitedAt, id). Inside the scope; with a company, that
   * company's visits by every team (the caller masks what lies outside the scope).
   */
  private calendar(
    scope: JurisdictionScope,
    filter: { from: Date; to: Date; companyId?: string; teamId?: string },
    after: [string, string] | undefined,
    limit: number,
  ): Promise<VisitWithNames[]> {
    const query = this.named()
      .where('visit.visitedAt >= :from AND visit.visitedAt < :to', { from: filter.from, to: filter.to })
      .andWhere("visit.status <> 'cancelled'");
    if (filter.companyId) query.andWhere('visit.companyId = :companyId', { companyId: filter.companyId });
    else scope.applyTo(query, 'visit');
    if (filter.teamId) query.andWhere('visit.teamId = :teamId', { teamId: filter.teamId });
    if (after)
      query.andWhere('(visit.visitedAt > :afterAt OR (visit.visitedAt = :afterAt AND visit.id > :afterId))', {
        afterAt: new Date(after[0]),
        afterId: after[1],
      });
    return this.rawWithNames(
      query
        .orderBy('visit.visitedAt', 'ASC')
        .addOrderBy('visit.id', 'ASC')
        .limit(limit + 1),
    );
  }

  /** Medium and high intent signals inside the scope, newest first. */
  private intelligence(
    scope: JurisdictionScope,
    filter: { clusterCode?: string; intentLevel?: string; from?: Date },
    after: [string, string] | undefined,
    limit: number,
  ): Promise<VisitWithNames[]> {
    const query = this.named()
      .where('visit.intentLevel IN (:...levels)', {
        levels: filter.intentLevel ? [filter.intentLevel] : ['medium', 'high'],
      })
      .andWhere("visit.status = 'done'");
    scope.applyTo(query, 'visit');
    if (filter.clusterCode) query.andWhere('team.clusterCode = :clusterCode', { clusterCode: filter.clusterCode });
    if (filter.from) query.andWhere('visit.visitedAt >= :from', { from: filter.from });
    if (after)
      query.andWhere('(visit.visitedAt < :afterAt OR (visit.visitedAt = :afterAt AND visit.id < :afterId))', {
        afterAt: new Date(after[0]),
        afterId: after[1],
      });
    return this.rawWithNames(
      query
        .orderBy('visit.visitedAt', 'DESC')
        .addOrderBy('visit.id', 'DESC')
        .limit(limit + 1),
    );
  }

  private named(): SelectQueryBuilder<VisitEntity> {
    return this.visits
      .createQueryBuilder('visit')
      .innerJoin(TeamEntity, 'team', 'team.id = visit.teamId')
      .leftJoin(CompanyEntity, 'company', 'company.id = visit.companyId')
      .leftJoin(ChamberEntity, 'chamber', 'chamber.id = visit.chamberId')
      .addSelect(['team.name', 'company.name', 'chamber.name']);
  }

  private async rawWithNames(query: SelectQueryBuilder<VisitEntity>): Promise<VisitWithNames[]> {
    const { entities, raw } = await query.getRawAndEntities();
    return entities.map((entity, index) => ({
      ...entity,
      teamName: raw[index].team_name,
      companyName: raw[index].company_name ?? null,
      chamberName: raw[index].chamber_name ?? null,
    }));
  }

  private withAccess<Q extends SelectQueryBuilder<VisitEntity>>(query: Q, access: VisitAccess): Q {
    access.scope.applyTo(query, 'visit');
    if (access.resident) {
      query.andWhere('(visit.createdBy = :residentId OR visit.teamId = :residentTeamId)', {
        residentId: access.resident.userId,
        residentTeamId: access.resident.teamId ?? '0',
      });
    }
    return query;
  }
}
