import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { UnitRef } from '../../core/auth/jurisdiction-scope';
import type { AuthPrincipal } from '../../core/auth/principal';
import { AuditChanges, AuditEntryEntity } from './audit-entry.entity';
import { recordNameQuery } from './audit.repository';

export type AuditAction =
  | 'create'
  | 'update'
  | 'delete'
  | 'transition'
  | 'login'
  | 'logout'
  | 'revoke'
  | 'password_change'
  /** A read of personal information in full (a company's contacts). */
  | 'read';

export interface AuditRecord {
  /** Who acted (a principal, or userId null for the system) and in which request; null for the system outside one. */
  actor: { userId: AuthPrincipal['userId'] | null; requestId: string | null } | null;
  action: AuditAction;
  /** The record's singular lower-case name: user, lead, company, ... */
  entity: string;
  entityId: string;
  /** The unit holding the record, so managers can read their jurisdiction's trail. */
  unit: UnitRef | null;
  changes: AuditChanges;
}

/**
 * Writes the audit trail. Always called with the transaction's EntityManager, so a change that rolls back
 * leaves no audit row (subscribers would miss QueryBuilder writes: docs/architecture.md "Known traps").
 */
@Injectable()
export class AuditService {
  async record(manager: EntityManager, record: AuditRecord): Promise<void> {
    const name = recordNameQuery(record.entity, record.entityId);
    const insert = manager.createQueryBuilder().insert().into(AuditEntryEntity);
    if (name) insert.setParameter('auditRecordId', name.recordId);
    await insert
      .values({
        at: new Date(),
        userId: record.actor?.userId ?? null,
        action: record.action,
        entity: record.entity,
        entityId: record.entityId,
        regionCode: record.unit?.regionCode ?? null,
        cityCode: record.unit?.cityCode ?? null,
        changes: record.changes,
        requestId: record.actor?.requestId ?? null,
        // The record's name as it is now, inside the change's transaction (see recordNameQuery).
        entityName: name ? () => `LEFT((${name.sql}), 300)` : null,
        // TypeORM's deep-partial type cannot express a JSON column of tuples.
      } as QueryDeepPartialEntity<AuditEntryEntity>)
      .updateEntity(false)
      .execute();
  }
}
