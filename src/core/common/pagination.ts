import { Type as ClassType } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DomainException } from '../errors/domain.exception';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** `limit`, `cursor` and `withTotal`, shared by every list route (docs/api.md "Lists"). */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit: number = DEFAULT_PAGE_SIZE;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;

  @ApiPropertyOptional({ description: 'Add the total count of matching items' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  withTotal?: boolean;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total?: number;
}

/** The documented response class of a list of `item`s: {items, nextCursor, total?}. */
export function PageOf<T>(item: ClassType<T>): ClassType<Page<T>> {
  class PageDto implements Page<T> {
    @ApiProperty({ type: [item] })
    items: T[];

    @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor to get the next page; null on the last' })
    nextCursor: string | null;

    @ApiPropertyOptional({ description: 'Matching items in the caller’s jurisdiction (with withTotal=true)' })
    total?: number;
  }
  Object.defineProperty(PageDto, 'name', { value: `${item.name.replace(/ResponseDto$|Dto$/, '')}PageDto` });
  return PageDto;
}

/** A sort key value; null for rows whose (nullable) sort column is empty. */
export type CursorKey = string | number | null;

/** Cursors are opaque to clients: the sort key values of the last item, base64url-encoded JSON. */
export function encodeCursor(keys: CursorKey[]): string {
  return Buffer.from(JSON.stringify(keys)).toString('base64url');
}

/** Decodes a cursor made by encodeCursor, checking it carries `arity` string, number or null keys. */
export function decodeCursor(cursor: string, arity: number): CursorKey[] {
  let keys: unknown;
  try {
    keys = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    keys = undefined;
  }
  const valid =
    Array.isArray(keys) &&
    keys.length === arity &&
    keys.every((key) => key === null || typeof key === 'string' || typeof key === 'number');
  if (!valid) throw INVALID_CURSOR();
  return keys as CursorKey[];
}

const INVALID_CURSOR = () =>
  DomainException.validation('cursor', 'isCursor', 'is not a cursor this list returned; start again without it');

/** The one key of a cursor over a single column, checked against the column's shape (ids, codes, numbers). */
export function decodeKeyCursor(cursor: string, shape: RegExp = /^[1-9]\d{0,17}$/): string {
  const [key] = decodeCursor(cursor, 1);
  if (key === null || !shape.test(String(key))) throw INVALID_CURSOR();
  return String(key);
}

/**
 * Turns limit+1 fetched rows into a page: the extra row only tells that another page exists.
 * `keyOf` gives the sort key values the next page starts after.
 */
export function toPage<Row, Item>(
  rows: Row[],
  limit: number,
  keyOf: (row: Row) => CursorKey[],
  map: (row: Row) => Item,
  total?: number,
): Page<Item> {
  const hasMore = rows.length > limit;
  const kept = hasMore ? rows.slice(0, limit) : rows;
  const page: Page<Item> = {
    items: kept.map(map),
    nextCursor: hasMore ? encodeCursor(keyOf(kept[kept.length - 1])) : null,
  };
  if (total !== undefined) page.total = total;
  return page;
}
