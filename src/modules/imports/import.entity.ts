import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, UpdatedAtColumn } from '../../core/database/timestamp-columns';

export const IMPORT_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export interface ImportCellError {
  row: number;
  column: string;
  /** Chinese for the import's own checks; the API's English for a rule of the API (then `constraint` or `code` is set). */
  message: string;
  /** The rule the cell broke (class-validator's or the service's constraint name), for a client to word it. */
  constraint?: string;
  /** The API error code of a refusal that names no rule (NOT_FOUND, CONFLICT...). */
  code?: string;
}

/** Why a whole import failed, as a stable code beside failureReason's text. */
export const IMPORT_FAILURE_CODES = ['importerInactive', 'interrupted'] as const;
export type ImportFailureCode = (typeof IMPORT_FAILURE_CODES)[number];
/** The stored failureReason of each code (the interrupted one is followed by the last error's message). */
export const IMPORT_FAILURE_REASONS: Record<ImportFailureCode, string> = {
  importerInactive: 'The importing user is no longer active',
  interrupted: '导入中断：',
};

/** The code of a stored failureReason (stored before the code existed too): any other failure interrupted the run. */
export function importFailureCode(reason: string | null): ImportFailureCode | null {
  if (reason === null) return null;
  return reason === IMPORT_FAILURE_REASONS.importerInactive ? 'importerInactive' : 'interrupted';
}

/** One uploaded file being imported: its rows are staged in import_rows and processed by a queue job. */
@Entity({ name: 'imports' })
@Index('idx_imports_user', ['userId', 'id'])
export class ImportEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'varchar', length: 16 })
  kind: 'leads';

  @Column({ type: 'varchar', length: 16 })
  status: ImportStatus;

  @Column({ type: 'varchar', length: 255 })
  fileName: string;

  @Column({ type: 'int', default: 0 })
  total: number;

  @Column({ type: 'int', default: 0 })
  processed: number;

  @Column({ type: 'int', default: 0 })
  created: number;

  @Column({ type: 'int', default: 0 })
  updated: number;

  @Column({ type: 'int', default: 0 })
  failed: number;

  /** Set when the whole import could not run (the rows' own errors are on the rows). */
  @Column({ type: 'varchar', length: 500, nullable: true })
  failureReason: string | null;

  /** Who imported, and their unit: imported leads are held by it and the import is visible within it. */
  @Column({ type: 'bigint' })
  userId: string;

  @Column({ type: 'char', length: 6 })
  regionCode: string;

  @Column({ type: 'char', length: 6, nullable: true })
  cityCode: string | null;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  finishedAt: Date | null;
}

export const ROW_OUTCOMES = ['pending', 'created', 'updated', 'unchanged', 'failed'] as const;
export type RowOutcome = (typeof ROW_OUTCOMES)[number];

/** One staged row of an import file (cells by column header) and what became of it. */
@Entity({ name: 'import_rows' })
@Index('idx_import_rows_outcome', ['importId', 'outcome', 'rowNumber'])
export class ImportRowEntity {
  @PrimaryColumn({ type: 'bigint' })
  importId: string;

  /** The row's number in the file as a spreadsheet shows it (the header is row 1). */
  @PrimaryColumn({ type: 'int' })
  rowNumber: number;

  @ManyToOne(() => ImportEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'import_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_import_rows_import' })
  import?: ImportEntity;

  @Column({ type: 'json' })
  cells: Record<string, string>;

  @Column({ type: 'varchar', length: 16 })
  outcome: RowOutcome;

  @Column({ type: 'json', nullable: true })
  errors: ImportCellError[] | null;
}
