import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ParksRepository } from '../parks.repository';
import type { ChainContext, ChainPosition, ParkFacts } from './park-scorer';

export interface Catalog {
  parks: ParkFacts[];
  byId: ReadonlyMap<string, ParkFacts>;
  /** Each park's region code, for restricting a match to a jurisdiction. */
  regionOf: ReadonlyMap<string, string>;
  context: ChainContext;
}

const decimal = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/**
 * The parks as the scorer reads them, kept in memory and reloaded when the database says they changed (one small
 * query per match: count and latest update of parks, which every edit, resident and reservation touches). Each
 * instance checks the database, so several API processes never disagree for long.
 */
@Injectable()
export class ParkCatalog {
  private cached?: { stamp: string; catalog: Catalog };
  private loading?: { stamp: string; promise: Promise<Catalog> };

  constructor(private readonly parks: ParksRepository) {}

  /** The catalog as the database has it now; `manager` reads through a caller's transaction (its one connection). */
  async current(manager?: EntityManager): Promise<Catalog> {
    const stamp = await this.parks.catalogStamp(manager);
    if (this.cached?.stamp === stamp) return this.cached.catalog;
    // One reload per change, however many requests notice it at once (outside transactions).
    if (!manager && this.loading?.stamp === stamp) return this.loading.promise;
    const promise = this.parks.catalogRows(manager).then((rows) => {
      const catalog = build(rows);
      this.cached = { stamp, catalog };
      return catalog;
    });
    if (!manager) this.loading = { stamp, promise };
    try {
      return await promise;
    } finally {
      if (this.loading?.promise === promise) this.loading = undefined;
    }
  }
}

function build(rows: Awaited<ReturnType<ParksRepository['catalogRows']>>): Catalog {
  const primary = new Map<string, Set<string>>();
  const secondary = new Map<string, Set<string>>();
  for (const row of rows.clusters) {
    const target = row.isPrimary ? primary : secondary;
    const key = String(row.parkId);
    if (!target.has(key)) target.set(key, new Set());
    target.get(key)!.add(row.clusterCode);
  }
  const segments = new Map<string, Set<string>>();
  for (const row of rows.segments) {
    const key = String(row.parkId);
    if (!segments.has(key)) segments.set(key, new Set());
    segments.get(key)!.add(row.segmentCode);
  }
  const focusCities = new Map<string, Set<string>>();
  for (const row of rows.focus) {
    if (!focusCities.has(row.clusterCode)) focusCities.set(row.clusterCode, new Set());
    focusCities.get(row.clusterCode)!.add(row.regionCode);
  }
  const regionOf = new Map<string, string>();
  const parks: ParkFacts[] = rows.parks.map((row) => {
    const id = String(row.id);
    regionOf.set(id, String(row.regionCode));
    return {
      id,
      name: String(row.name),
      cityCode: String(row.cityCode),
      primaryClusters: primary.get(id) ?? new Set(),
      secondaryClusters: secondary.get(id) ?? new Set(),
      segments: segments.get(id) ?? new Set(),
      landAvailableMu: decimal(row.landAvailableMu),
      factoryAvailableSqm: decimal(row.factoryAvailableSqm),
      readiness: {
        road: Boolean(row.road),
        water: Boolean(row.water),
        power: Boolean(row.power),
        gas: Boolean(row.gas),
        network: Boolean(row.network),
        levelled: Boolean(row.levelled),
      },
      portAccess: Boolean(row.portAccess),
      railAccess: Boolean(row.railAccess),
      hazardousChemicalsAllowed: Boolean(row.hazardousChemicalsAllowed),
    };
  });
  return {
    parks,
    byId: new Map(parks.map((park) => [park.id, park])),
    regionOf,
    context: {
      segmentPosition: new Map(rows.chain.map((row) => [row.code, row.position as ChainPosition])),
      segmentName: new Map(rows.chain.map((row) => [row.code, row.name])),
      segmentCluster: new Map(rows.chain.map((row) => [row.code, row.clusterCode])),
      focusCities,
    },
  };
}
