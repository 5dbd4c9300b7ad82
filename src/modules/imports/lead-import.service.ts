import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Queue } from 'bullmq';
import ExcelJS from 'exceljs';
import type { Readable } from 'node:stream';
import { JurisdictionScope } from '../../core/auth/jurisdiction-scope';
import type { AuthPrincipal } from '../../core/auth/principal';
import { DomainException } from '../../core/errors/domain.exception';
import { ErrorCode } from '../../core/errors/error-codes';
import type { AppConfig } from '../../core/config/app-config';
import { InjectConfig } from '../../core/config/config.module';
import { enqueue } from '../../core/queue/enqueue';
import { enforceRateLimit } from '../../core/redis/fixed-window';
import type { RedisClient } from '../../core/redis/redis-connection';
import { InjectRedis } from '../../core/redis/redis.module';
import { JobName, QueueName } from '../../core/queue/queue.constants';
import { AuditService } from '../audit/audit.service';
import { ClustersRepository } from '../clusters/clusters.repository';
import { COMPANY_FLAG_NAMES, OWNERSHIP_NAMES } from '../../shared/company.constants';
import { LEAD_CATEGORY_NAMES, SOURCE_KIND_NAMES } from '../../shared/lead.constants';
import { ImportAcceptedDto, ImportStatusDto, mapImportStatus } from './dto/import.dto';
import { leadImportJobId } from './import-reconciler';
import { ImportsRepository } from './imports.repository';
import {
  IMPORT_HEADERS,
  LEAD_IMPORT_COLUMNS,
  LEAD_IMPORT_EXAMPLE,
  REQUIRED_IMPORT_COLUMNS,
} from './lead-import.columns';
import { readSheetRows, sheetFormatOf } from './spreadsheet-reader';

export const MAX_IMPORT_ROWS = 50_000;
/** Uploads one user may send in UPLOAD_WINDOW_MS, accepted or not: each is read and parsed, up to 30 MB. */
export const MAX_UPLOADS_PER_WINDOW = 60;
const UPLOAD_WINDOW_MS = 10 * 60_000;
/** Imports one user may have waiting or running at once; more would only queue behind their own. */
export const MAX_UNFINISHED_IMPORTS = 3;
const STAGE_BATCH = 500;
// One staging INSERT must stay under MariaDB's default max_allowed_packet (16 MB): past it the server drops the
// connection, which answered 503 and left the import row behind. A batch closes at 4 MB of JSON, so the worst is just
// under 4 MB plus one 2 MB row; SQL escaping can double text full of quotes, about 12 MB, still under 16 MB.
const STAGE_BATCH_BYTES = 4 * 1024 * 1024;
const MAX_ROW_BYTES = 2 * 1024 * 1024;

/** Lead imports on the API side: the template, staging an upload, and the status of an import. */
@Injectable()
export class LeadImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly imports: ImportsRepository,
    private readonly clusters: ClustersRepository,
    private readonly audit: AuditService,
    @InjectQueue(QueueName.Imports) private readonly importQueue: Queue,
    @InjectRedis() private readonly redis: RedisClient,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** Refuses an upload past the user's upload rate (429), before the file is read. */
  assertUploadRate(principal: AuthPrincipal): Promise<void> {
    return enforceRateLimit(this.redis, `${this.config.queuePrefix}:import-uploads:${principal.userId}`, {
      max: MAX_UPLOADS_PER_WINDOW,
      windowMs: UPLOAD_WINDOW_MS,
      what: 'Uploads',
    });
  }

  /** Streams the file's rows into import_rows (never the whole file in memory), then queues the processing. */
  async start(principal: AuthPrincipal, fileName: string, stream: Readable): Promise<ImportAcceptedDto> {
    const format = sheetFormatOf(fileName);
    const importId = await this.imports.create({
      kind: 'leads',
      fileName: fileName.slice(0, 255),
      userId: principal.userId,
      regionCode: principal.regionCode,
      cityCode: principal.cityCode,
    });
    // Counted after this import's row exists, so parallel uploads cannot all see room: in a race one too many is
    // refused, never one too many let through.
    const unfinished = await this.imports.unfinishedCountOf(principal.userId);
    if (unfinished > MAX_UNFINISHED_IMPORTS) {
      await this.imports.remove(importId);
      stream.resume(); // the upload is not read; let it drain
      throw new DomainException(
        ErrorCode.RateLimited,
        `You have ${unfinished - 1} imports waiting or running; upload this file when one of them is done`,
        undefined,
        {
          retryAfterSeconds: 30,
        },
      );
    }
    let total = 0;
    try {
      let batch: Array<{ rowNumber: number; cells: Record<string, string> }> = [];
      let batchBytes = 0;
      for await (const row of readSheetRows(stream, format, (headers) => this.assertColumns(headers))) {
        if (++total > MAX_IMPORT_ROWS) {
          throw DomainException.validation(
            'file',
            'maxRows',
            `has more than ${MAX_IMPORT_ROWS} rows; split it into several files`,
          );
        }
        const rowBytes = Buffer.byteLength(JSON.stringify(row.cells));
        if (rowBytes > MAX_ROW_BYTES) {
          throw DomainException.validation(
            'file',
            'maxRowSize',
            `has more than 2 MB of text in row ${row.rowNumber}; no column of the template holds that much`,
          );
        }
        batch.push(row);
        batchBytes += rowBytes;
        if (batch.length >= STAGE_BATCH || batchBytes >= STAGE_BATCH_BYTES) {
          await this.imports.stageRows(importId, batch);
          batch = [];
          batchBytes = 0;
        }
      }
      await this.imports.stageRows(importId, batch);
      // A file cut at the size limit would import a partial last row: refuse it whole.
      if ((stream as Readable & { truncated?: boolean }).truncated) {
        throw new DomainException(
          ErrorCode.PayloadTooLarge,
          'The file is larger than the 30 MB limit; split it into several files',
        );
      }
      if (total === 0) throw DomainException.validation('file', 'hasRows', 'has a header but no rows');
    } catch (error) {
      await this.imports.remove(importId);
      if (error instanceof DomainException) throw error;
      throw DomainException.validation(
        'file',
        'isReadable',
        `could not be read as ${format}: ${(error as Error).message}`.slice(0, 300),
      );
    }
    await this.imports.setTotal(importId, total);
    try {
      await enqueue(this.importQueue, JobName.LeadImport, { importId }, { jobId: leadImportJobId(importId) });
    } catch (error) {
      // Nothing would ever pick the staged rows up: drop them, the client retries the upload after the 503.
      await this.imports.remove(importId);
      throw error;
    }
    await this.audit.record(this.dataSource.manager, {
      actor: principal,
      action: 'create',
      entity: 'import',
      entityId: importId,
      unit: principal,
      changes: { fileName: [null, fileName], total: [null, total] },
    });
    return { importId, status: 'queued', total };
  }

  async status(principal: AuthPrincipal, id: string): Promise<ImportStatusDto> {
    // Importers see their own; administrators and managers see their jurisdiction's.
    const scope =
      principal.role === 'admin' || principal.role === 'manager' ? JurisdictionScope.forPrincipal(principal) : null;
    const record = await this.imports.scoped({ userId: principal.userId, scope }).findById(id);
    if (!record) throw DomainException.notFound('Import', id);
    return mapImportStatus(record, await this.imports.errors(id));
  }

  /** The .xlsx template: Chinese headers (* for required), an example row, and a sheet of accepted values. */
  async template(): Promise<Buffer> {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('项目线索');
    const required = new Set<string>(REQUIRED_IMPORT_COLUMNS.map((field) => LEAD_IMPORT_COLUMNS[field]));
    sheet.addRow(IMPORT_HEADERS.map((header) => (required.has(header) ? `${header}*` : header))).font = { bold: true };
    sheet.addRow(
      IMPORT_HEADERS.map(
        (header) =>
          LEAD_IMPORT_EXAMPLE[
            (Object.keys(LEAD_IMPORT_COLUMNS) as Array<keyof typeof LEAD_IMPORT_COLUMNS>).find(
              (key) => LEAD_IMPORT_COLUMNS[key] === header,
            )!
          ],
      ),
    );
    sheet.columns.forEach((column) => (column.width = 22));

    const help = workbook.addWorksheet('填写说明');
    help.addRow(['列', '可填写的值']).font = { bold: true };
    const clusters = await this.clusters.listAfter(undefined, 100);
    help.addRow([LEAD_IMPORT_COLUMNS.clusterCode, clusters.map((cluster) => cluster.name).join('、')]);
    help.addRow([LEAD_IMPORT_COLUMNS.ownership, Object.values(OWNERSHIP_NAMES).join('、')]);
    help.addRow([LEAD_IMPORT_COLUMNS.sourceKind, Object.values(SOURCE_KIND_NAMES).join('、')]);
    help.addRow([LEAD_IMPORT_COLUMNS.categories, `${Object.values(LEAD_CATEGORY_NAMES).join('、')}（多个用“、”分隔）`]);
    help.addRow([
      LEAD_IMPORT_COLUMNS.companyFlags,
      `${Object.values(COMPANY_FLAG_NAMES).join('、')}（多个用“、”分隔）`,
    ]);
    help.addRow([LEAD_IMPORT_COLUMNS.originRegionCode, '六位行政区划代码，如 440300（深圳市）']);
    help.addRow([LEAD_IMPORT_COLUMNS.segmentCode, '见 /api/v1/clusters 中各集群的产业链环节代码']);
    help.addRow([LEAD_IMPORT_COLUMNS.nextFollowUpAt, '日期（如 2026-12-01）或带时区的时间']);
    help.addRow([
      '说明',
      '带 * 的列必填；同一企业（信用代码或规范化名称相同）与同名项目重复导入时只更新，不会重复创建。',
    ]);
    help.columns.forEach((column) => (column.width = 60));
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }

  /** Every required column present, and none the template does not know (a typo would silently drop data). */
  private assertColumns(headers: string[]): void {
    const known = new Set<string>(IMPORT_HEADERS);
    const unknown = headers.filter((header) => !known.has(header));
    const missing = REQUIRED_IMPORT_COLUMNS.map((field) => LEAD_IMPORT_COLUMNS[field]).filter(
      (header) => !headers.includes(header),
    );
    const problems = [
      ...(missing.length ? [`lacks the required columns ${missing.join(', ')}`] : []),
      ...(unknown.length ? [`has columns the template does not: ${unknown.join(', ')}`] : []),
    ];
    if (problems.length > 0)
      throw DomainException.validation(
        'file',
        'templateColumns',
        `${problems.join('; ')} (use GET /api/v1/leads/import/template)`,
      );
  }
}
