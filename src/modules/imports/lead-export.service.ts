import { Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { PassThrough, Readable } from 'node:stream';
import type { AuthPrincipal } from '../../core/auth/principal';
import type { AppConfig } from '../../core/config/app-config';
import { InjectConfig } from '../../core/config/config.module';
import { enforceRateLimit } from '../../core/redis/fixed-window';
import type { RedisClient } from '../../core/redis/redis-connection';
import { InjectRedis } from '../../core/redis/redis.module';
import { OWNERSHIP_NAMES } from '../../shared/company.constants';
import type { LeadListQueryDto, LeadResponseDto } from '../leads/dto/lead.dto';
import { LEAD_CATEGORY_NAMES, SOURCE_KIND_NAMES } from '../../shared/lead.constants';
import { STAGE_NAMES } from '../../shared/lead-stages';
import { LeadsService } from '../leads/leads.service';
import { escapeCellText } from './cell-escape';

const COLUMNS: Array<{
  header: string;
  width: number;
  value: (lead: LeadResponseDto) => string | number | Date | null;
}> = [
  { header: '项目编号', width: 10, value: (lead) => lead.id },
  { header: '企业名称', width: 30, value: (lead) => lead.companyName },
  { header: '企业性质', width: 10, value: (lead) => OWNERSHIP_NAMES[lead.ownership] },
  { header: '项目名称', width: 30, value: (lead) => lead.title },
  { header: '产业集群', width: 14, value: (lead) => lead.clusterCode },
  { header: '产业链环节代码', width: 24, value: (lead) => lead.segmentCode },
  { header: '阶段', width: 8, value: (lead) => STAGE_NAMES[lead.stage] },
  { header: '承办单位代码', width: 12, value: (lead) => lead.regionCode },
  { header: '预计投资额(亿元)', width: 14, value: (lead) => lead.expectedInvestment },
  { header: '用地需求(亩)', width: 12, value: (lead) => lead.landNeedMu },
  { header: '厂房需求(平方米)', width: 14, value: (lead) => lead.factoryNeedSqm },
  { header: '线索来源', width: 10, value: (lead) => SOURCE_KIND_NAMES[lead.source.kind] },
  { header: '来源说明', width: 20, value: (lead) => lead.source.note },
  {
    header: '项目类别',
    width: 30,
    value: (lead) => lead.categories.map((category) => LEAD_CATEGORY_NAMES[category]).join('、'),
  },
  { header: '签约时间', width: 20, value: (lead) => (lead.signedAt ? new Date(lead.signedAt) : null) },
  { header: '签约投资额(亿元)', width: 14, value: (lead) => lead.signedAmount },
  { header: '落户园区', width: 24, value: (lead) => lead.parkName },
  { header: '到资(亿元)', width: 12, value: (lead) => lead.fundsReceivedTotal },
  { header: '完成投资(亿元)', width: 14, value: (lead) => lead.investmentCompletedTotal },
  { header: '下次跟进时间', width: 20, value: (lead) => (lead.nextFollowUpAt ? new Date(lead.nextFollowUpAt) : null) },
  { header: '最近活动', width: 20, value: (lead) => new Date(lead.lastActivityAt) },
];

/** Exports one user may start in EXPORT_WINDOW_MS: each reads every lead they see, up to the whole campaign. */
export const MAX_EXPORTS_PER_WINDOW = 20;
const EXPORT_WINDOW_MS = 10 * 60_000;

/** Streams the leads a caller may see as .xlsx, row by row, whatever their number. */
@Injectable()
export class LeadExportService {
  constructor(
    private readonly leads: LeadsService,
    @InjectRedis() private readonly redis: RedisClient,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** Resolves once the first rows are read, so a bad filter still answers 400 before the file starts. */
  async export(principal: AuthPrincipal, query: LeadListQueryDto): Promise<Readable> {
    await enforceRateLimit(this.redis, `${this.config.queuePrefix}:lead-exports:${principal.userId}`, {
      max: MAX_EXPORTS_PER_WINDOW,
      windowMs: EXPORT_WINDOW_MS,
      what: 'Exports',
    });
    const rows = this.leads.eachListed(principal, query)[Symbol.asyncIterator]();
    const first = await rows.next();
    const output = new PassThrough();
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: output,
      useSharedStrings: false,
      useStyles: true,
    });
    const sheet = workbook.addWorksheet('项目线索');
    sheet.columns = COLUMNS.map((column) => ({ header: column.header, width: column.width }));
    void (async () => {
      try {
        for (let next = first; !next.done; next = await rows.next()) {
          const lead = next.value;
          sheet
            .addRow(
              COLUMNS.map((column) => {
                const value = column.value(lead);
                return typeof value === 'string' ? escapeCellText(value) : value;
              }),
            )
            .commit();
        }
        sheet.commit();
        await workbook.commit();
      } catch (error) {
        output.destroy(error as Error);
      }
    })();
    return output;
  }
}
