import type { Cluster, ClusterSegment, Region, RegionTreeNode as RegionNode } from './api/types';
export type { RegionNode, ClusterSegment, Cluster };
import { shallowRef } from 'vue';
import { get, onUserChanged, session, type Page } from './api/client';

// Reference data every page needs (the divisions of the caller's jurisdiction and the nine clusters), fetched once.

export const jurisdictionTree = shallowRef<RegionNode | null>(null);
export const clusters = shallowRef<Cluster[]>([]);
const regionNames = new Map<string, string>();
let loaded: Promise<void> | null = null;

function indexRegions(node: RegionNode): void {
  regionNames.set(node.code, node.name);
  node.children?.forEach(indexRegions);
}

/** Loads the signed-in user's divisions and the clusters once per sign-in. */
export function loadReference(): Promise<void> {
  loaded ??= (async () => {
    const [tree, clusterPage] = await Promise.all([
      get<RegionNode>(`/regions/${session.user!.regionCode}`),
      get<Page<Cluster>>('/clusters', { limit: 20 }),
    ]);
    indexRegions(tree);
    if (tree.level !== 'province') {
      // Names of places outside the jurisdiction (a lead's previous holder, say) come from the whole region.
      try {
        indexRegions(await get<RegionNode>('/regions/450000'));
      } catch {
        // outside names fall back to codes
      }
    }
    jurisdictionTree.value = tree;
    clusters.value = clusterPage.items;
  })().catch((error) => {
    loaded = null;
    throw error;
  });
  return loaded;
}

export function resetReference(): void {
  loaded = null;
  jurisdictionTree.value = null;
  clusters.value = [];
  regionNames.clear();
}
onUserChanged(resetReference);

/** The node of `code` in the signed-in user's jurisdiction, or null outside it. */
export function findRegion(
  code: string | null | undefined,
  tree: RegionNode | null = jurisdictionTree.value,
): RegionNode | null {
  if (!code || !tree) return null;
  if (tree.code === code) return tree;
  for (const child of tree.children ?? []) {
    const found = findRegion(code, child);
    if (found) return found;
  }
  return null;
}

/** Whether `code` is the user's unit or one below it. */
export function inJurisdiction(code: string | null | undefined): boolean {
  return findRegion(code) !== null;
}

/** Codes from the top of the user's jurisdiction down to `code` (for a cascader), or [code] outside it. */
export function regionPath(code: string): string[] {
  const walk = (node: RegionNode, trail: string[]): string[] | null => {
    const here = [...trail, node.code];
    if (node.code === code) return here;
    for (const child of node.children ?? []) {
      const found = walk(child, here);
      if (found) return found;
    }
    return null;
  };
  return jurisdictionTree.value ? (walk(jurisdictionTree.value, []) ?? [code]) : [code];
}

const outsideNames = new Map<string, Promise<string>>();
onUserChanged(() => outsideNames.clear());
/**
 * The name of any division, also outside Guangxi (a chamber in 深圳市, a team stationed in 广州市): from the loaded
 * tree when known, else asked once per code.
 */
export function anyRegionName(code: string): Promise<string> {
  const known = regionNames.get(code);
  if (known) return Promise.resolve(known);
  let pending = outsideNames.get(code);
  if (!pending) {
    pending = get<Region>(`/regions/${code}`)
      .then((region) => region.name)
      .catch(() => code);
    outsideNames.set(code, pending);
  }
  return pending;
}

export function regionName(code: string | null | undefined): string {
  if (!code) return '—';
  return regionNames.get(code) ?? code;
}

export function clusterName(code: string | null | undefined): string {
  if (!code) return '—';
  return clusters.value.find((cluster) => cluster.code === code)?.name ?? code;
}

export function segmentName(code: string | null | undefined): string {
  if (!code) return '—';
  const cluster = clusters.value.find((entry) => code.startsWith(`${entry.code}.`));
  return cluster?.segments.find((segment) => segment.code === code)?.name ?? code;
}
