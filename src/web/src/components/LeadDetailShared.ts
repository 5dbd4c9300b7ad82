// Types and helpers shared by the lead detail page (LeadDetailView) and its LeadDetail* tabs.
import type { Collaborator, Lead } from '../api/types';
export type { Lead, Collaborator };
import { session } from '../api/client';
import { inJurisdiction, type RegionNode } from '../reference';

type Role = 'admin' | 'manager' | 'officer' | 'resident';

export function hasRole(...roles: Role[]): boolean {
  return Boolean(session.user && roles.includes(session.user.role));
}

/** Every unit below `node`, depth first, with its depth (1 = directly below). */
export function unitsBelow(node: RegionNode | null): { code: string; name: string; depth: number }[] {
  const out: { code: string; name: string; depth: number }[] = [];
  const walk = (current: RegionNode, depth: number) => {
    for (const child of current.children ?? []) {
      out.push({ code: child.code, name: child.name, depth });
      walk(child, depth + 1);
    }
  };
  if (node) walk(node, 1);
  return out;
}

/**
 * The holding unit works on the lead: writers (admin, officer) inside whose jurisdiction it is held, and residents
 * (the API only shows them their own and their team's leads). Managers read; the API stays the authority.
 */
export function canWriteLead(lead: Lead): boolean {
  if (hasRole('resident')) return true;
  return hasRole('admin', 'officer') && inJurisdiction(lead.regionCode);
}

/**
 * A person beside an id, by the name the record carries (the API names the people of what it lists: timeline
 * `userName`, a dispatch's `sentByName`, a task's `assigneeName`, a lead's `ownerName`…); no per-id look-ups.
 */
export function userLabel(id: string | null | undefined, name?: string | null): string {
  if (!id) return '系统';
  if (id === session.user?.id) return `${session.user.displayName}（我）`;
  return name ?? `用户 #${id}`;
}
