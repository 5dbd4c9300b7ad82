import { JurisdictionScope } from '../../core/auth/jurisdiction-scope';
import type { AuthPrincipal } from '../../core/auth/principal';

/**
 * Which leads a caller may see: those held inside their jurisdiction; a resident only the ones they created and
 * their team's (the leads its visits found or worked on).
 */
export interface LeadAccess {
  scope: JurisdictionScope;
  resident?: { userId: string; teamId: string | null };
}

/** Everything: a resident's reach is their own and their team's records, wherever the team's unit sits. */
const ALL_UNITS = JurisdictionScope.of({ regionCode: '450000', cityCode: null });

export function leadAccessFor(principal: AuthPrincipal): LeadAccess {
  if (principal.role === 'resident')
    return { scope: ALL_UNITS, resident: { userId: principal.userId, teamId: principal.teamId } };
  return { scope: JurisdictionScope.forPrincipal(principal) };
}

/** A record made on a visit: its unit, who logged it and their team. */
export type VisitOwnership = { regionCode: string; cityCode: string | null; createdBy: string; teamId: string | null };

/** Whether the caller reaches a visit's details: inside the jurisdiction; a resident only their own or their team's. */
export function reachesVisit(principal: AuthPrincipal, visit: VisitOwnership): boolean {
  if (principal.role !== 'resident') return JurisdictionScope.forPrincipal(principal).contains(visit);
  return (
    String(visit.createdBy) === principal.userId ||
    (principal.teamId !== null && String(visit.teamId) === String(principal.teamId))
  );
}
