import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job } from 'bullmq';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DataSource } from 'typeorm';
import type { AuthPrincipal } from '../../core/auth/principal';
import { isDatabaseUnavailable, loggableError } from '../../core/errors/all-exceptions.filter';
import { DomainException } from '../../core/errors/domain.exception';
import { validationDetails } from '../../core/errors/validation-pipe';
import { diffChanges } from '../audit/audit-changes';
import { ChambersRepository } from '../chambers/chambers.repository';
import { ClustersRepository } from '../clusters/clusters.repository';
import { CompaniesService } from '../companies/companies.service';
import { CompanyCreateDto } from '../companies/dto/company.dto';
import { LeadCreateDto } from '../leads/dto/lead.dto';
import type { LeadChanges } from '../leads/lead-writer';
import { LeadReader } from '../leads/lead-reader';
import { LeadWriter } from '../leads/lead-writer';
import { LeadsService } from '../leads/leads.service';
import { UsersRepository } from '../users/users.repository';
import { IMPORT_FAILURE_REASONS, type ImportCellError, type ImportRowEntity } from './import.entity';
import { ImportsRepository } from './imports.repository';
import {
  categoryOf,
  companyFlagOf,
  LEAD_IMPORT_COLUMNS,
  LeadImportField,
  ownershipOf,
  sourceKindOf,
  splitList,
} from './lead-import.columns';

const BATCH = 100;
const IMPORT_LOCK = 'zhaoshang_lead_import';
/** Which column an API field's error belongs to. */
const COLUMN_OF_FIELD: Record<string, LeadImportField> = {
  name: 'companyName',
  companyId: 'companyName',
  creditCode: 'creditCode',
  ownership: 'ownership',
  originRegionCode: 'originRegionCode',
  flags: 'companyFlags',
  title: 'title',
  clusterCode: 'clusterCode',
  segmentCode: 'segmentCode',
  expectedInvestment: 'expectedInvestment',
  landNeedMu: 'landNeedMu',
  factoryNeedSqm: 'factoryNeedSqm',
  'source.kind': 'sourceKind',
  'source.chamberId': 'chamberName',
  'source.note': 'sourceNote',
  categories: 'categories',
  nextFollowUpAt: 'nextFollowUpAt',
};
/** What a re-imported row may change on the lead it matches. */
const UPDATABLE = [
  'segmentCode',
  'expectedInvestment',
  'landNeedMu',
  'factoryNeedSqm',
  'categories',
  'nextFollowUpAt',
  'sourceNote',
] as const;

class RowErrors extends Error {
  constructor(readonly errors: ImportCellError[]) {
    super('row has errors');
  }
}

/** Processes the staged rows of one lead import: each row all or nothing, resumable, counted, audited. */
@Injectable()
export class LeadImportRunner {
  private readonly logger = new Logger(LeadImportRunner.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly imports: ImportsRepository,
    private readonly users: UsersRepository,
    private readonly companies: CompaniesService,
    private readonly leadsService: LeadsService,
    private readonly leadReader: LeadReader,
    private readonly leadWriter: LeadWriter,
    private readonly chambers: ChambersRepository,
    private readonly clusters: ClustersRepository,
  ) {}

  async run(importId: string, job?: Job): Promise<void> {
    // A worker: the import's own id, from its queue job; each row is written with the importer's access below.
    const record = await this.imports.findByIdUnscoped(importId);
    if (!record || record.status === 'done' || record.status === 'failed') return;
    // The importer is re-read to learn whether they are still active and what their access is now.
    const importer = await this.users.findByIdUnscoped(record.userId);
    if (!importer || !importer.active) {
      await this.imports.setStatus(importId, 'failed', IMPORT_FAILURE_REASONS.importerInactive);
      return;
    }
    const principal: AuthPrincipal = {
      userId: String(importer.id),
      username: importer.username,
      displayName: importer.displayName,
      role: importer.role,
      regionCode: importer.regionCode,
      cityCode: importer.cityCode,
      teamId: importer.teamId,
      sessionId: `import-${importId}`,
      requestId: `import-${importId}`,
    };
    // One import at a time across all workers: two imports of the same file must not both create a company.
    const lock = this.dataSource.createQueryRunner();
    await lock.connect();
    try {
      const [acquired] = await lock.query('SELECT GET_LOCK(?, 60) AS acquired', [IMPORT_LOCK]);
      if (Number(acquired.acquired) !== 1) throw new Error('Another import is running; this one retries shortly');
      try {
        await this.imports.setStatus(importId, 'running');
        const clusterCodeOf = await this.clusterLookup();
        for (
          let rows = await this.imports.pendingRows(importId, BATCH);
          rows.length > 0;
          rows = await this.imports.pendingRows(importId, BATCH)
        ) {
          for (const row of rows) await this.processRow(importId, row, principal, clusterCodeOf);
          const counters = await this.imports.refreshCounters(importId);
          await job?.updateProgress({ processed: counters.processed, total: counters.total });
        }
        await this.imports.refreshCounters(importId);
        await this.imports.setStatus(importId, 'done');
        this.logger.log(`Import ${importId} done`);
      } finally {
        await lock.query('SELECT RELEASE_LOCK(?)', [IMPORT_LOCK]);
      }
    } finally {
      await lock.release();
    }
  }

  /** After the last retry: the import is marked failed with the reason, so nobody waits on it for ever. */
  async markFailed(importId: string, reason: string): Promise<void> {
    await this.imports.refreshCounters(importId);
    await this.imports.setStatus(importId, 'failed', `${IMPORT_FAILURE_REASONS.interrupted}${reason}`.slice(0, 500));
  }

  private async processRow(
    importId: string,
    row: ImportRowEntity,
    principal: AuthPrincipal,
    clusterCodeOf: (text: string) => string | undefined,
  ): Promise<void> {
    try {
      const { company, lead } = await this.readRow(row, clusterCodeOf);
      await this.dataSource.transaction(async (manager) => {
        const { id: companyId } = await this.companies.findOrCreateForImport(manager, principal, company);
        // An import runs for its importer, whose unit holds every lead it creates or updates.
        const existing = await this.leadReader.findSameProjectUnscoped(
          manager,
          companyId,
          lead.title,
          principal.regionCode,
        );
        if (!existing) {
          const values = await this.leadsService.prepareNewLead(principal, { ...lead, companyId }, manager);
          await this.leadWriter.insert(manager, principal, values, 'imported');
          await this.imports.setRowOutcome(manager, importId, row.rowNumber, 'created', null);
          return;
        }
        const wanted: LeadChanges = {
          segmentCode: lead.segmentCode ?? existing.segmentCode,
          expectedInvestment:
            lead.expectedInvestment === undefined
              ? existing.expectedInvestment
              : Number(lead.expectedInvestment).toFixed(4),
          landNeedMu: lead.landNeedMu === undefined ? existing.landNeedMu : Number(lead.landNeedMu).toFixed(2),
          factoryNeedSqm:
            lead.factoryNeedSqm === undefined ? existing.factoryNeedSqm : Number(lead.factoryNeedSqm).toFixed(2),
          categories: lead.categories ?? existing.categories,
          nextFollowUpAt: lead.nextFollowUpAt ? new Date(lead.nextFollowUpAt) : existing.nextFollowUpAt,
          sourceNote: lead.source.note ?? existing.sourceNote,
        };
        const changes = diffChanges(existing, { ...existing, ...wanted }, UPDATABLE);
        if (Object.keys(changes).length === 0) {
          await this.imports.setRowOutcome(manager, importId, row.rowNumber, 'unchanged', null);
          return;
        }
        // What follows a lead's edits (fit score, park reservation, follow-up task) follows an import's edits too.
        const applied = Object.fromEntries(
          Object.keys(changes).map((field) => [field, wanted[field as keyof LeadChanges]]),
        ) as LeadChanges;
        await this.leadWriter.change(
          manager,
          principal,
          existing,
          { ...wanted, lastActivityAt: new Date() },
          {
            action: 'update',
            auditFields: UPDATABLE,
            effectChanges: applied,
            onVersionConflict: () =>
              new RowErrors([
                {
                  row: row.rowNumber,
                  column: LEAD_IMPORT_COLUMNS.title,
                  message: '项目正在被他人修改，请稍后重新导入',
                },
              ]),
          },
        );
        await this.imports.setRowOutcome(manager, importId, row.rowNumber, 'updated', null);
      });
    } catch (error) {
      // The database being away is not the row's fault: the job retries and resumes at this row.
      if (isDatabaseUnavailable(error)) throw error;
      const errors = this.rowErrors(error, row.rowNumber);
      if (!errors)
        this.logger.error(
          { err: loggableError(error), importId, row: row.rowNumber },
          'Import row failed unexpectedly',
        );
      await this.imports.setRowOutcome(
        undefined,
        importId,
        row.rowNumber,
        'failed',
        errors ?? [{ row: row.rowNumber, column: LEAD_IMPORT_COLUMNS.title, message: '此行无法处理，请检查各列的值' }],
      );
    }
  }

  /** Turns a row's cells into the API's DTOs, checked by the same rules as the API. */
  private async readRow(
    row: ImportRowEntity,
    clusterCodeOf: (text: string) => string | undefined,
  ): Promise<{ company: CompanyCreateDto; lead: LeadCreateDto }> {
    const cell = (field: LeadImportField): string | undefined =>
      row.cells[LEAD_IMPORT_COLUMNS[field]]?.trim() || undefined;
    const errors: ImportCellError[] = [];
    const fail = (field: LeadImportField, message: string, constraint?: string) =>
      errors.push({
        row: row.rowNumber,
        column: LEAD_IMPORT_COLUMNS[field],
        message,
        ...(constraint ? { constraint } : {}),
      });
    const number = (field: LeadImportField): number | undefined => {
      const text = cell(field);
      if (text === undefined) return undefined;
      const value = Number(text.replace(/,/g, ''));
      if (!Number.isFinite(value)) fail(field, `“${text}”不是数字`);
      return value;
    };
    const mapped = <T>(field: LeadImportField, map: (text: string) => T | undefined): T | undefined => {
      const text = cell(field);
      if (text === undefined) return undefined;
      const value = map(text);
      if (value === undefined) fail(field, `无法识别“${text}”`);
      return value;
    };
    const many = <T>(field: LeadImportField, map: (text: string) => T | undefined): T[] | undefined => {
      const text = cell(field);
      if (text === undefined) return undefined;
      return splitList(text).flatMap((part) => {
        const value = map(part);
        if (value === undefined) fail(field, `无法识别“${part}”`);
        return value === undefined ? [] : [value];
      });
    };

    const chamberName = cell('chamberName');
    const chamber = chamberName ? await this.chambers.findByName(chamberName) : null;
    if (chamberName && !chamber) fail('chamberName', `商会“${chamberName}”不在商会协会库中，请先登记`);
    const followUp = cell('nextFollowUpAt');
    const company = {
      name: cell('companyName'),
      creditCode: cell('creditCode')?.toUpperCase(),
      ownership: mapped('ownership', ownershipOf),
      originRegionCode: cell('originRegionCode'),
      flags: many('companyFlags', companyFlagOf),
    };
    const lead = {
      companyId: '1',
      title: cell('title'),
      clusterCode: mapped('clusterCode', clusterCodeOf),
      segmentCode: cell('segmentCode'),
      expectedInvestment: number('expectedInvestment'),
      landNeedMu: number('landNeedMu'),
      factoryNeedSqm: number('factoryNeedSqm'),
      source: {
        kind: mapped('sourceKind', sourceKindOf),
        chamberId: chamber ? String(chamber.id) : undefined,
        note: cell('sourceNote'),
      },
      categories: many('categories', categoryOf),
      // A bare date means 09:00 in Guangxi.
      nextFollowUpAt:
        followUp && /^\d{4}-\d{2}-\d{2}$/.test(followUp)
          ? `${followUp}T09:00:00+08:00`
          : followUp?.replace(/\.000Z$/, 'Z'),
    };
    const companyDto = plainToInstance(CompanyCreateDto, stripUndefined(company));
    const leadDto = plainToInstance(LeadCreateDto, stripUndefined({ ...lead, source: stripUndefined(lead.source) }));
    for (const detail of [
      ...validationDetails(await validate(companyDto)),
      ...validationDetails(await validate(leadDto)),
    ]) {
      const field = COLUMN_OF_FIELD[detail.field ?? ''];
      if (field && !errors.some((error) => error.column === LEAD_IMPORT_COLUMNS[field]))
        fail(field, detail.message, detail.constraint);
    }
    if (errors.length > 0) throw new RowErrors(errors);
    return { company: companyDto, lead: leadDto };
  }

  /** The row's own errors (bad cells, rules), or null when the failure is not the row's. */
  private rowErrors(error: unknown, rowNumber: number): ImportCellError[] | null {
    if (error instanceof RowErrors) return error.errors;
    if (error instanceof DomainException && error.status < 500) {
      const details = error.details?.length ? error.details : [{ field: undefined, message: error.message }];
      // The API's messages are English: the rule (or, naming none, the error code) lets a client word it.
      return details.map((detail) => ({
        row: rowNumber,
        column: LEAD_IMPORT_COLUMNS[COLUMN_OF_FIELD[detail.field ?? ''] ?? 'title'],
        message: detail.field && error.details ? `${detail.field} ${detail.message}` : error.message,
        ...(detail.constraint ? { constraint: detail.constraint } : { code: error.code }),
      }));
    }
    return null;
  }

  private async clusterLookup(): Promise<(text: string) => string | undefined> {
    const clusters = await this.clusters.listAfter(undefined, 100);
    const table = new Map<string, string>();
    for (const cluster of clusters) {
      table.set(cluster.code, cluster.code);
      table.set(cluster.name, cluster.code);
    }
    return (text) => table.get(text.trim()) ?? table.get(text.trim().toLowerCase());
  }
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
