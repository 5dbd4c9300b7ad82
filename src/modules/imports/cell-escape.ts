/**
 * Spreadsheet formula injection: a text cell starting with = + - @ (or a tab or carriage return that Excel
 * skips) would run as a formula when the file is opened. Such text gets a leading apostrophe, Excel's own
 * "this is text" mark. Numbers and dates are written as such and need nothing.
 */
export function escapeCellText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
