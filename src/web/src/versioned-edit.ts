// The pure part of editing a record that carries a `version` (optimistic locking): what to send, and whether the
// API refused it because someone else saved first. No Vue, no API client, so unit tests can check it.

/** The API's answer when the version sent is no longer the record's (409, docs/api.md "Errors"). */
export const VERSION_CONFLICT = 'VERSION_CONFLICT';

/** Whether an API failure is a version conflict: someone else changed the record since it was read. */
export function isVersionConflict(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === VERSION_CONFLICT;
}

/** Two field values alike: lists of ids compare as sets (the order is the form's, not a change). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    const sorted = (list: unknown[]) => list.map(String).sort().join('\u0000');
    return a.length === b.length && sorted(a) === sorted(b);
  }
  return Object.is(a ?? null, b ?? null);
}

/** The fields of `after` whose value differs from `before` (undefined and null count as alike). */
export function changedFields<T extends Record<string, unknown>>(
  before: { [K in keyof T]?: unknown },
  after: T,
): Partial<T> {
  const changed: Partial<T> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (!sameValue(before[key], after[key])) changed[key] = after[key];
  }
  return changed;
}

/** An update's body: only what changed, with the version read. */
export function versionedBody<T extends Record<string, unknown>>(version: number, changes: T): T & { version: number } {
  return { ...changes, version };
}
