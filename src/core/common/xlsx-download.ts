/** The content type of an .xlsx workbook. */
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A Content-Disposition that names the file in ASCII and, for browsers that read it, in Chinese. */
export const attachment = (asciiName: string, chineseName: string): string =>
  `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(chineseName)}`;
