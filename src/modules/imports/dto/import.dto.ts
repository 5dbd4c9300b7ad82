import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IMPORT_FAILURE_CODES, IMPORT_STATUSES, importFailureCode } from '../import.entity';
import type { ImportCellError, ImportEntity, ImportFailureCode, ImportStatus } from '../import.entity';

export class ImportAcceptedDto {
  @ApiProperty({ example: '12' })
  importId: string;

  @ApiProperty({ enum: IMPORT_STATUSES })
  status: ImportStatus;

  @ApiProperty({ description: 'Rows found in the file' })
  total: number;
}

export class ImportCellErrorDto {
  @ApiProperty({ example: 7, description: 'Row as the spreadsheet shows it (the header is row 1)' })
  row: number;

  @ApiProperty({ example: '统一社会信用代码' })
  column: string;

  @ApiProperty({
    example: 'has a wrong check character (the last one); check for a typing mistake',
    description:
      'Chinese for the import’s own checks (unknown values, numbers); the API’s English for a rule of the API, with `constraint` or `code` set',
  })
  message: string;

  @ApiPropertyOptional({
    example: 'isCreditCode',
    description: 'The rule the cell broke (the constraint of the API’s validation details), for clients to word it',
  })
  constraint?: string;

  @ApiPropertyOptional({ example: 'NOT_FOUND', description: 'The API error code of a refusal that names no rule' })
  code?: string;
}

export class ImportStatusDto {
  @ApiProperty()
  id: string;

  @ApiProperty({ enum: IMPORT_STATUSES })
  status: ImportStatus;

  @ApiProperty()
  fileName: string;

  @ApiProperty()
  total: number;

  @ApiProperty()
  processed: number;

  @ApiProperty()
  created: number;

  @ApiProperty()
  updated: number;

  @ApiProperty()
  failed: number;

  @ApiProperty({ description: 'processed / total, 0 to 1' })
  progress: number;

  @ApiProperty({ type: [ImportCellErrorDto], description: 'The first 1000 errors, by row' })
  errors: ImportCellError[];

  @ApiProperty()
  errorsTruncated: boolean;

  @ApiProperty({ type: String, nullable: true })
  failureReason: string | null;

  @ApiProperty({
    enum: IMPORT_FAILURE_CODES,
    nullable: true,
    description:
      'Why the import failed, when status is failed: importerInactive (the importing user was deactivated), interrupted (the run kept failing; failureReason has the last error)',
  })
  failureCode: ImportFailureCode | null;

  @ApiProperty()
  createdAt: string;

  @ApiProperty({ type: String, nullable: true })
  finishedAt: string | null;
}

export function mapImportStatus(
  record: ImportEntity,
  errors: { errors: ImportCellError[]; truncated: boolean },
): ImportStatusDto {
  return {
    id: String(record.id),
    status: record.status,
    fileName: record.fileName,
    total: record.total,
    processed: record.processed,
    created: record.created,
    updated: record.updated,
    failed: record.failed,
    progress:
      record.total === 0
        ? record.status === 'done'
          ? 1
          : 0
        : Math.round((record.processed / record.total) * 1000) / 1000,
    errors: errors.errors,
    errorsTruncated: errors.truncated,
    failureReason: record.failureReason,
    failureCode: importFailureCode(record.failureReason),
    createdAt: record.createdAt.toISOString(),
    finishedAt: record.finishedAt ? record.finishedAt.toISOString() : null,
  };
}
