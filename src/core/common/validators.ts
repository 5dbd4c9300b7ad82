import { applyDecorators } from '@nestjs/common';
import { IsNumber, Matches, Max, Min, ValidateBy, ValidateIf, ValidationOptions } from 'class-validator';

/**
 * A finite number with at most `places` decimals. (class-validator's maxDecimalPlaces splits the number's text
 * and throws on 1e-7, which would be a 500.)
 */
export function hasAtMostDecimals(value: unknown, places: number): boolean {
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  const scaled = value * 10 ** places;
  return Math.abs(scaled - Math.round(scaled)) < 1e-6;
}

const IsDecimal = (places: number, message: string) =>
  ValidateBy({
    name: 'isDecimal',
    validator: { validate: (value: unknown) => hasAtMostDecimals(value, places), defaultMessage: () => message },
  });

/** Money in 亿元 (docs/api.md "Bodies"): a non-negative number with at most 4 decimals. */
export const IsAmount = (max = 100_000) =>
  applyDecorators(
    IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'must be a number in 亿元' }),
    IsDecimal(4, 'must have at most 4 decimals (亿元)'),
    Min(0, { message: 'must not be negative' }),
    Max(max, { message: `must not exceed ${max} (亿元)` }),
  );

/** An area or quantity: a non-negative number with at most 2 decimals. */
export const IsMeasure = (max: number) =>
  applyDecorators(
    IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'must be a number' }),
    IsDecimal(2, 'must have at most 2 decimals'),
    Min(0, { message: 'must not be negative' }),
    Max(max, { message: `must not exceed ${max}` }),
  );

/** A calendar date YYYY-MM-DD that exists (no 2026-02-30). */
export const IsCalendarDate = () =>
  ValidateBy({
    name: 'isCalendarDate',
    validator: {
      validate: (value: unknown) => {
        if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
        const parsed = new Date(`${value}T00:00:00Z`);
        // Date rolls 2026-02-30 over to March and gives up on month 13: both differ from what was written.
        return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
      },
      defaultMessage: () => 'must be a real date such as 2026-03-01',
    },
  });

/** DECIMAL columns come back as strings; the API sends numbers. */
export const decimalToNumber = (value: string | null): number | null => (value === null ? null : Number(value));

/** A nullable time as the API sends it (ISO 8601, UTC). */
export const isoOrNull = (value: Date | null): string | null => (value ? value.toISOString() : null);

/** A nullable BIGINT id as the API sends it: a string (docs/api.md "Bodies"), whatever the driver returned. */
export const idOrNull = (value: string | number | null): string | null => (value === null ? null : String(value));

// A full date-time with an offset (docs/api.md "Bodies"): 2026-03-01T09:00:00+08:00 or ...Z. No bare dates or week dates, whose
// meaning would depend on the server's time zone.
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An ISO 8601 date-time with an offset that is also a real instant (no 2026-02-30). */
export const IsIsoDateTime = () =>
  applyDecorators(
    Matches(ISO_DATE_TIME, { message: 'must be a date-time with an offset, such as 2026-03-01T09:00:00+08:00' }),
    ValidateBy({
      name: 'isRealDateTime',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isRealInstant(value),
        defaultMessage: () => 'must be a real date and time between the years 1000 and 9999',
      },
    }),
  );

// What a DATETIME column can hold, in UTC.
const EARLIEST = Date.UTC(1000, 0, 1);
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59);

function isRealInstant(value: string): boolean {
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime()) || parsed.getTime() < EARLIEST || parsed.getTime() > LATEST) return false;
  // Date rolls 2026-02-30 over to March; compare the calendar date as written with the parsed one at that offset.
  const offsetMatch = value.match(/(Z|([+-])(\d{2}):(\d{2}))$/);
  if (!offsetMatch) return false;
  const offsetMinutes =
    offsetMatch[1] === 'Z'
      ? 0
      : (offsetMatch[2] === '-' ? -1 : 1) * (Number(offsetMatch[3]) * 60 + Number(offsetMatch[4]));
  const local = new Date(parsed.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 10);
  return local === value.slice(0, 10);
}

/**
 * May be left out, but not sent as null: for fields that cannot be cleared. (IsOptional would let null through
 * to a NOT NULL column.)
 */
export const OptionalNotNull = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

/** For @Transform: surrounding whitespace is never meant. */
export const trimText = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

/** An id in a body or query (docs/api.md "Bodies": ids are strings of digits). */
export const IsEntityId = (options: ValidationOptions = {}) =>
  Matches(/^[1-9]\d{0,17}$/, { message: 'must be a positive integer id such as 42', ...options });
