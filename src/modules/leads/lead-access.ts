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

export function leadAccessFor(principal: AuthPrincipal): LeadAccess {
  const scope = JurisdictionScope.forPrincipal(principal);
  return principal.role === 'resident' ? { scope, resident: { userId: principal.userId, teamId: principal.teamId } } : { scope };
}
