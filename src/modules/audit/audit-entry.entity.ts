import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type AuditChanges = Record<string, [unknown, unknown]>;

/**
 * Who changed what and when: one row per create, update, delete or state transition, written in the same
 * transaction as the change. Append-only; the unit columns let managers read their jurisdiction's trail.
 */
@Entity({ name: 'audit_log' })
@Index('idx_audit_entity', ['entity', 'entityId', 'id'])
@Index('idx_audit_user', ['userId', 'id'])
@Index('idx_audit_city', ['cityCode', 'id'])
@Index('idx_audit_region', ['regionCode', 'id'])
@Index('idx_audit_at', ['at'])
export class AuditEntryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'datetime', precision: 3 })
  at: Date;

  /** Null for the system itself (first start, scheduled jobs). */
  @Column({ type: 'bigint', nullable: true })
  userId: string | null;

  @Column({ type: 'varchar', length: 32 })
  action: string;

  @Column({ type: 'varchar', length: 32 })
  entity: string;

  @Column({ type: 'varchar', length: 64 })
  entityId: string;

  /** The record's name when the entry was written (a lead's title, a park's name…); null for kinds without one. */
  @Column({ type: 'varchar', length: 300, nullable: true })
  entityName: string | null;

  /** The unit holding the record, for jurisdiction filters. */
  @Column({ type: 'char', length: 6, nullable: true })
  regionCode: string | null;

  @Column({ type: 'char', length: 6, nullable: true })
  cityCode: string | null;

  @Column({ type: 'json' })
  changes: AuditChanges;

  @Column({ type: 'varchar', length: 128, nullable: true })
  requestId: string | null;
}
