import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { JurisdictionScope } from '../../core/auth/jurisdiction-scope';
import { ImportCellError, ImportEntity, ImportRowEntity, RowOutcome } from './import.entity';

const MAX_LISTED_ERRORS = 1000;

/** Who may see an import: its importer, and for administrators and managers (`scope` set) their jurisdiction. */
export interface ImportAccess {
  userId: string;
  scope: JurisdictionScope | null;
}

/** The import reads of one caller (see docs/architecture.md, "Jurisdiction"). */
export type ScopedImports = ReturnType<ImportsRepository['scoped']>;

/** Imports and their staged rows. An import belongs to its importer's unit for jurisdiction. */
@Injectable()
export class ImportsRepository {
  constructor(
    @InjectRepository(ImportEntity) private readonly imports: Repository<ImportEntity>,
    @InjectRepository(ImportRowEntity) private readonly rows: Repository<ImportRowEntity>,
  ) {}

  /** The reads a request makes, bound to the caller's access: no method of the result can leave it out. */
  scoped(access: ImportAccess) {
    return {
      findById: (id: string) => this.findVisible(id, access.userId, access.scope),
    };
  }

  async create(
    values: Pick<ImportEntity, 'kind' | 'fileName' | 'userId' | 'regionCode' | 'cityCode'>,
  ): Promise<string> {
    const result = await this.imports.insert({ ...values, status: 'queued' });
    return String(result.identifiers[0].id);
  }

  async stageRows(importId: string, rows: Array<{ rowNumber: number; cells: Record<string, string> }>): Promise<void> {
    if (rows.length === 0) return;
    await this.rows
      .createQueryBuilder()
      .insert()
      .values(
        rows.map((row) => ({
          importId,
          rowNumber: row.rowNumber,
          cells: row.cells,
          outcome: 'pending' as const,
          errors: null,
        })) as never,
      )
      .updateEntity(false)
      .execute();
  }

  async setTotal(importId: string, total: number): Promise<void> {
    await this.imports.update({ id: importId }, { total });
  }

  async remove(importId: string): Promise<void> {
    await this.imports.delete({ id: importId });
  }

  /** Imports still waiting or running that nothing has touched since `before`: candidates for re-queueing. */
  unfinishedSince(before: Date): Promise<ImportEntity[]> {
    return this.imports
      .createQueryBuilder('import')
      .where("import.status IN ('queued', 'running')")
      .andWhere('import.updatedAt < :before', { before })
      .orderBy('import.id', 'ASC')
      .limit(500)
      .getMany();
  }

  /** How many imports `userId` has waiting or running. */
  unfinishedCountOf(userId: string): Promise<number> {
    return this.imports
      .createQueryBuilder('import')
      .where('import.userId = :userId', { userId })
      .andWhere("import.status IN ('queued', 'running')")
      .getCount();
  }

  /** Any access: the import worker and reconciler. */
  findByIdUnscoped(id: string): Promise<ImportEntity | null> {
    return this.imports.findOne({ where: { id } });
  }

  /** The import if the caller may see it: their own, or one of their jurisdiction's for admins and managers. */
  private findVisible(id: string, userId: string, scope: JurisdictionScope | null): Promise<ImportEntity | null> {
    const query = this.imports.createQueryBuilder('import').where('import.id = :id', { id });
    if (scope) scope.applyTo(query, 'import');
    else query.andWhere('import.userId = :userId', { userId });
    return query.getOne();
  }

  /** The next rows still to process, in file order (a retried job resumes where it stopped). */
  pendingRows(importId: string, limit: number): Promise<ImportRowEntity[]> {
    return this.rows.find({ where: { importId, outcome: 'pending' }, order: { rowNumber: 'ASC' }, take: limit });
  }

  async setRowOutcome(
    manager: EntityManager | undefined,
    importId: string,
    rowNumber: number,
    outcome: RowOutcome,
    errors: ImportCellError[] | null,
  ): Promise<void> {
    await (manager ?? this.rows.manager).update(
      ImportRowEntity,
      { importId, rowNumber },
      { outcome, errors: errors as never },
    );
  }

  /** Recounts the outcomes from the rows, so counters stay right however often a job is retried. */
  async refreshCounters(importId: string): Promise<ImportEntity> {
    const counts = await this.rows
      .createQueryBuilder('row')
      .select('row.outcome', 'outcome')
      .addSelect('COUNT(*)', 'count')
      .where('row.importId = :importId', { importId })
      .groupBy('row.outcome')
      .getRawMany<{ outcome: RowOutcome; count: string }>();
    const count = (outcome: RowOutcome) => Number(counts.find((row) => row.outcome === outcome)?.count ?? 0);
    const processed = count('created') + count('updated') + count('unchanged') + count('failed');
    await this.imports.update(
      { id: importId },
      { processed, created: count('created'), updated: count('updated'), failed: count('failed') },
    );
    return (await this.findByIdUnscoped(importId))!;
  }

  async setStatus(
    importId: string,
    status: ImportEntity['status'],
    failureReason: string | null = null,
  ): Promise<void> {
    await this.imports.update(
      { id: importId },
      { status, failureReason, finishedAt: status === 'done' || status === 'failed' ? new Date() : null },
    );
  }

  /** The errors of failed rows, in row order (the first 1000). */
  async errors(importId: string): Promise<{ errors: ImportCellError[]; truncated: boolean }> {
    const failed = await this.rows.find({
      select: { rowNumber: true, errors: true },
      where: { importId, outcome: 'failed' },
      order: { rowNumber: 'ASC' },
      take: MAX_LISTED_ERRORS,
    });
    const errors = failed.flatMap((row) => row.errors ?? []).slice(0, MAX_LISTED_ERRORS);
    return { errors, truncated: failed.length === MAX_LISTED_ERRORS };
  }
}
