/**
 * How well a record matches a search, shared by every owner's ranked search and by GET /search, which merges
 * them: lower ranks first. Companies have ranked their search this way from the start (CompaniesRepository.search).
 */
export const SEARCH_RANK = {
  /** The record's code: a company's credit code. */
  code: 0,
  /** The whole name (a lead's title or code name, a company's name, a park's code). */
  exact: 1,
  /** The name begins with the query. */
  prefix: 2,
  /** A company's pinyin or initials begin with the query. */
  pinyin: 3,
  /** The name contains the query. */
  contains: 4,
} as const;

export type SearchRank = (typeof SEARCH_RANK)[keyof typeof SEARCH_RANK];

export const SEARCH_RANKS: readonly SearchRank[] = Object.values(SEARCH_RANK);

/** Pinyin and initials only for Latin queries (letters, maybe digits of a name like TCL 2026), spaces dropped. */
export function latinQuery(q: string): string | null {
  const lower = q.toLowerCase().replace(/\s+/g, '');
  return /^[a-z0-9]+$/.test(lower) && /[a-z]/.test(lower) ? lower : null;
}
