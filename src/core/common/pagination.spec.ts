import { DomainException } from '../errors/domain.exception';
import { decodeCursor, encodeCursor, toPage } from './pagination';

describe('cursor pagination', () => {
  it('round-trips sort keys through an opaque cursor', () => {
    const cursor = encodeCursor(['2026-03-01T01:00:00.000Z', '42']);
    expect(cursor).not.toContain('2026');
    expect(decodeCursor(cursor, 2)).toEqual(['2026-03-01T01:00:00.000Z', '42']);
  });

  it.each([
    ['not base64 json'],
    [encodeCursor(['a'])],
    [Buffer.from('{"a":1}').toString('base64url')],
    [Buffer.from('[{}, 1]').toString('base64url')],
  ])('rejects a cursor it did not make (%s) as a validation error on the cursor field', (cursor) => {
    try {
      decodeCursor(cursor, 2);
      throw new Error('expected a rejection');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainException);
      expect((error as DomainException).code).toBe('VALIDATION_FAILED');
      expect((error as DomainException).details?.[0].field).toBe('cursor');
    }
  });

  it('uses the extra fetched row only to tell that another page follows', () => {
    const rows = [1, 2, 3].map((n) => ({ id: n }));
    const first = toPage(
      rows,
      2,
      (row) => [row.id],
      (row) => `item ${row.id}`,
    );
    expect(first.items).toEqual(['item 1', 'item 2']);
    expect(decodeCursor(first.nextCursor!, 1)).toEqual([2]);
    const last = toPage(
      rows.slice(2),
      2,
      (row) => [row.id],
      (row) => row.id,
      3,
    );
    expect(last).toEqual({ items: [3], nextCursor: null, total: 3 });
  });
});
