import { JurisdictionScope } from '../../core/auth/jurisdiction-scope';
import type { AuthPrincipal } from '../../core/auth/principal';

/**
 * Which leads a caller may see: those held inside their jurisdiction; a resident only the ones they created
 * (their team's arrive with the teams module).
 */
export interface LeadAccess {
  scope: JurisdictionScope;
  createdBy?: string;
}

export function leadAccessFor(principal: AuthPrincipal): LeadAccess {
  const scope = JurisdictionScope.forPrincipal(principal);
  return principal.role === 'resident' ? { scope, createdBy: principal.userId } : { scope };
}
