// Types and helpers shared by the lead detail page (LeadDetailView) and its LeadDetail* tabs.
import type { Collaborator, Lead, User } from '../api/types';
export type { Lead, Collaborator };
import { reactive } from 'vue';
import { get, onUserChanged, session } from '../api/client';
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

// Users' names: only administrators and managers may read /users, so others see "我" or the user's number.
const userNames = reactive<Record<string, string>>({});
const pending = new Set<string>();
let generation = 0;
// Another user signing in in this tab must not see (or miss) the previous user's lookups, nor their late answers.
onUserChanged(() => {
  generation += 1;
  for (const id of Object.keys(userNames)) delete userNames[id];
  pending.clear();
});

export function userLabel(id: string | null | undefined): string {
  if (!id) return '系统';
  if (id === session.user?.id) return `${session.user.displayName}（我）`;
  if (userNames[id]) return userNames[id];
  if (hasRole('admin', 'manager') && !pending.has(id)) {
    pending.add(id);
    const asked = generation;
    get<User>(`/users/${id}`)
      .then((user) => asked === generation && (userNames[id] = user.displayName))
      .catch(() => asked === generation && (userNames[id] = `用户 #${id}`));
  }
  return `用户 #${id}`;
}
