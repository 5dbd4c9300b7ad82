import type { AuditChanges } from './audit-entry.entity';

// Fields whose values never enter the audit trail; a change to them is recorded as "[redacted]".
const SECRET_FIELDS = /password|token|secret|hash/i;
export const REDACTED = '[redacted]';

const normalise = (value: unknown): unknown =>
  value instanceof Date ? value.toISOString() : value === undefined ? null : value;
const same = (a: unknown, b: unknown): boolean => JSON.stringify(normalise(a)) === JSON.stringify(normalise(b));

/** {field: [before, after]} for the fields that differ; `before` null means a creation. */
export function diffChanges(
  beforeRecord: object | null,
  afterRecord: object | null,
  fields: readonly string[],
): AuditChanges {
  const before = beforeRecord as Record<string, unknown> | null;
  const after = afterRecord as Record<string, unknown> | null;
  const changes: AuditChanges = {};
  for (const field of fields) {
    const previous = before ? normalise(before[field]) : null;
    const next = after ? normalise(after[field]) : null;
    if (before && after && same(previous, next)) continue;
    if (!before && next === null) continue;
    if (!after && previous === null) continue;
    changes[field] = SECRET_FIELDS.test(field)
      ? [previous === null ? null : REDACTED, next === null ? null : REDACTED]
      : [previous, next];
  }
  return changes;
}
