import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { JurisdictionScope } from '../../core/auth/jurisdiction-scope';
import { AuditEntryEntity } from './audit-entry.entity';

export interface AuditFilter {
  entity?: string;
  entityId?: string;
  userId?: string;
  from?: Date;
  to?: Date;
}

/** The audit reads of one jurisdiction (see docs/architecture.md, "Jurisdiction"). */
export type ScopedAudit = ReturnType<AuditRepository['forScope']>;

/** Reads the audit trail of the records inside a jurisdiction, newest first. */
@Injectable()
export class AuditRepository {
  constructor(@InjectRepository(AuditEntryEntity) private readonly entries: Repository<AuditEntryEntity>) {}

  /** The reads a request makes, bound to the caller's jurisdiction: no method of the result can leave it out. */
  forScope(scope: JurisdictionScope) {
    return {
      list: (filter: AuditFilter, beforeId: string | undefined, limit: number) =>
        this.listForJurisdiction(scope, filter, beforeId, limit),
      count: (filter: AuditFilter) => this.countForJurisdiction(scope, filter),
    };
  }

  /**
   * Display names of the users a page of entries names (actors and user fields), one query per page. The entries
   * are already within the caller's jurisdiction; the names are what the trail shows beside their ids.
   */
  async userNames(ids: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)].filter((id) => /^[1-9]\d{0,17}$/.test(id));
    if (unique.length === 0) return new Map();
    const rows: Array<{ id: string; name: string }> = await this.entries.query(
      'SELECT id, display_name AS name FROM users WHERE id IN (?)',
      [unique],
    );
    return new Map(rows.map((row) => [String(row.id), row.name]));
  }

  private listForJurisdiction(
    scope: JurisdictionScope,
    filter: AuditFilter,
    beforeId: string | undefined,
    limit: number,
  ): Promise<AuditEntryEntity[]> {
    const query = this.filtered(scope, filter);
    if (beforeId) query.andWhere('entry.id < :beforeId', { beforeId });
    return query
      .orderBy('entry.id', 'DESC')
      .limit(limit + 1)
      .getMany();
  }

  private countForJurisdiction(scope: JurisdictionScope, filter: AuditFilter): Promise<number> {
    return this.filtered(scope, filter).getCount();
  }

  private filtered(scope: JurisdictionScope, filter: AuditFilter) {
    const query = this.entries.createQueryBuilder('entry');
    scope.applyTo(query, 'entry');
    if (filter.entity) query.andWhere('entry.entity = :entity', { entity: filter.entity });
    if (filter.entityId) query.andWhere('entry.entityId = :entityId', { entityId: filter.entityId });
    if (filter.userId) query.andWhere('entry.userId = :userId', { userId: filter.userId });
    if (filter.from) query.andWhere('entry.at >= :from', { from: filter.from });
    if (filter.to) query.andWhere('entry.at < :to', { to: filter.to });
    return query;
  }
}
