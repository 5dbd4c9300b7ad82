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
