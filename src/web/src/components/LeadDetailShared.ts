// Types and helpers shared by the lead detail page (LeadDetailView) and its LeadDetail* tabs.
import { reactive } from 'vue';
import { get, session } from '../api/client';
import { jurisdictionTree, type RegionNode } from '../reference';

export interface Lead {
  id: string;
  companyId: string | null;
  companyName: string;
  masked: boolean;
  ownership: string;
  title: string;
  clusterCode: string;
  segmentCode: string | null;
  source: { kind: string; chamberId: string | null; visitId: string | null; note: string | null };
  expectedInvestment: number | null;
  landNeedMu: number | null;
  factoryNeedSqm: number | null;
  categories: string[];
  regionCode: string;
  ownerUserId: string | null;
  nextFollowUpAt: string | null;
  confidential: boolean;
  codeName: string | null;
  stage: string;
  stageBeforeHold: string | null;
  stageEnteredAt: string;
  siteVisitAt: string | null;
  signedAt: string | null;
  signedAmount: number | null;
  parkId: string | null;
  parkName: string | null;
  constructionStartedAt: string | null;
  producedAt: string | null;
  lostReason: string | null;
  fundsReceivedTotal: number;
  fundsReceivedShare: number | null;
  chamberFeedbackDueAt: string | null;
  chamberFeedbackGivenAt: string | null;
  pendingDispatchId: string | null;
  inConflict: boolean;
  mergedIntoLeadId: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  lastActivityAt: string;
  fitScore: number | null;
  fitSummary: string | null;
  health: string;
}

export interface Collaborator { leadId: string; regionCode: string; note: string | null; addedBy: string | null; createdAt: string }

type Role = 'admin' | 'manager' | 'officer' | 'resident';

export function hasRole(...roles: Role[]): boolean {
  return Boolean(session.user && roles.includes(session.user.role));
}

/** Whether a unit lies inside the signed-in user's jurisdiction (their unit or below). */
export function inJurisdiction(code: string | null | undefined): boolean {
  if (!code || !jurisdictionTree.value) return false;
  const walk = (node: RegionNode): boolean => node.code === code || (node.children ?? []).some(walk);
  return walk(jurisdictionTree.value);
}

/** The node of a unit in the user's jurisdiction tree, with its subtree. */
export function findUnit(code: string, root: RegionNode | null = jurisdictionTree.value): RegionNode | null {
  if (!root) return null;
  if (root.code === code) return root;
  for (const child of root.children ?? []) {
    const found = findUnit(code, child);
    if (found) return found;
  }
  return null;
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

export function userLabel(id: string | null | undefined): string {
  if (!id) return '系统';
  if (id === session.user?.id) return `${session.user.displayName}（我）`;
  if (userNames[id]) return userNames[id];
  if (hasRole('admin', 'manager') && !pending.has(id)) {
    pending.add(id);
    get<{ displayName: string }>(`/users/${id}`)
      .then((user) => (userNames[id] = user.displayName))
      .catch(() => (userNames[id] = `用户 #${id}`));
  }
  return `用户 #${id}`;
}

