import { shallowRef } from 'vue';
import { get, session, type Page } from './api/client';

// Reference data every page needs (the divisions of the caller's jurisdiction and the nine clusters), fetched once.

export interface RegionNode {
  code: string;
  name: string;
  level: 'province' | 'city' | 'county';
  parentCode: string | null;
  children: RegionNode[];
}

export interface ClusterSegment {
  code: string;
  name: string;
  position: 'upstream' | 'midstream' | 'downstream';
}

export interface Cluster {
  code: string;
  name: string;
  leadUnit?: string;
  focusRegions?: { regionCode: string; regionName: string; focus: string }[];
  segments: ClusterSegment[];
}

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
    if (tree.parentCode === null || tree.level !== 'province') {
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
