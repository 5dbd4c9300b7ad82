import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import type { Readable } from 'node:stream';
import { DomainException } from '../../core/errors/domain.exception';

export interface SheetRow {
  /** As a spreadsheet shows it: the header is row 1. */
  rowNumber: number;
  cells: Record<string, string>;
}

export type SheetFormat = 'xlsx' | 'csv';

export function sheetFormatOf(fileName: string): SheetFormat {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.xlsx')) return 'xlsx';
  if (lower.endsWith('.csv')) return 'csv';
  throw DomainException.validation(
    'file',
    'isSpreadsheet',
    'must be an .xlsx or .csv file (use GET /api/v1/leads/import/template)',
  );
}

/**
 * Streams the rows of the first worksheet (or the CSV) as header → text maps, never holding the whole file.
 * Empty rows are skipped; the first non-empty row is the header.
 */
export async function* readSheetRows(
  stream: Readable,
  format: SheetFormat,
  onHeader: (headers: string[]) => void,
): AsyncGenerator<SheetRow> {
  let headers: string[] | undefined;
  for await (const [rowNumber, values] of format === 'xlsx' ? xlsxRows(stream) : csvRows(stream)) {
    if (values.every((value) => value === '')) continue;
    if (!headers) {
      headers = values.map((value) => value.replace(/\*$/, '').trim());
      onHeader(headers.filter(Boolean));
      continue;
    }
    const cells: Record<string, string> = {};
    headers.forEach((header, index) => {
      if (header && values[index] !== undefined && values[index] !== '') cells[header] = values[index];
    });
    yield { rowNumber, cells };
  }
  if (!headers) throw DomainException.validation('file', 'hasHeader', 'has no header row');
}

async function* xlsxRows(stream: Readable): AsyncGenerator<[number, string[]]> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(stream, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
  });
  for await (const worksheet of workbook) {
    for await (const row of worksheet as unknown as AsyncIterable<ExcelJS.Row>) {
      const values = (row.values as unknown[]).slice(1).map(cellText);
      yield [row.number, values];
    }
    // Only the first worksheet holds rows; the template's second sheet explains the codes.
    break;
  }
}

async function* csvRows(stream: Readable): AsyncGenerator<[number, string[]]> {
  const parser = stream.pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: false, trim: true }));
  let rowNumber = 0;
  for await (const record of parser as AsyncIterable<string[]>) {
    rowNumber++;
    yield [rowNumber, record.map((value) => value ?? '')];
  }
}

/** The text of a cell however Excel stored it: rich text, formulas, dates, hyperlinks. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  // A date typed in Excel arrives as UTC midnight: keep it a date, which the import reads as 09:00 in Guangxi.
  if (value instanceof Date)
    return value.toISOString().endsWith('T00:00:00.000Z') ? value.toISOString().slice(0, 10) : value.toISOString();
  if (typeof value === 'object') {
    const cell = value as { richText?: Array<{ text: string }>; result?: unknown; text?: string; error?: string };
    if (cell.richText)
      return cell.richText
        .map((part) => part.text)
        .join('')
        .trim();
    if (cell.result !== undefined) return cellText(cell.result);
    if (cell.text !== undefined) return String(cell.text).trim();
    return '';
  }
  return String(value).trim();
}
