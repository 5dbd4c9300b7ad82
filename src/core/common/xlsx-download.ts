import { applyDecorators } from '@nestjs/common';
import { ApiOkResponse, ApiProduces } from '@nestjs/swagger';

/** The content type of an .xlsx workbook. */
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The OpenAPI schema of a workbook body. */
export const XLSX_BODY = { schema: { type: 'string' as const, format: 'binary' } };

/** Documents a route that answers a workbook (and nothing else). */
export const ApiXlsxResponse = (description: string) =>
  applyDecorators(ApiProduces(XLSX), ApiOkResponse({ description, content: { [XLSX]: XLSX_BODY } }));

/** A Content-Disposition that names the file in ASCII and, for browsers that read it, in Chinese. */
export const attachment = (asciiName: string, chineseName: string): string =>
  `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(chineseName)}`;
