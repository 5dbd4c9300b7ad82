import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { JurisdictionScope } from '../../core/auth/jurisdiction-scope';
import { CLOSED_STAGES } from '../../shared/lead-stages';
import { ParkClusterEntity } from './park-cluster.entity';
import { ParkCompanyEntity, ParkReservationEntity, ParkSegmentEntity } from './park-records.entity';
import { ParkEntity } from './park.entity';
import { escapeLike } from '../../core/database/escape-like';
import { SEARCH_RANK, type SearchRank } from '../../core/common/search-rank';

/** A park the header search found. */
export interface ParkSearchHit {
  id: string;
  name: string;
  kind: string | null;
  regionName: string | null;
  rank: SearchRank;
}

export type ParkValues = Omit<
  ParkEntity,
  'id' | 'region' | 'version' | 'createdAt' | 'updatedAt' | 'reservedLandMu' | 'reservedFactorySqm' | 'residentCount'
>;
export type ParkChanges = Partial<Omit<ParkValues, 'code'>>;

export interface ParkListFilter {
  unit?: JurisdictionScope;
  clusterCode?: string;
  kind?: string;
  q?: string;
}

export interface ParkDetail {
  park: ParkEntity;
  clusters: Array<{ clusterCode: string; isPrimary: boolean }>;
  segments: string[];
  companies: Array<{ companyId: string; companyName: string; segmentCode: string | null }>;
}

/** What a park holds: space reserved by signed projects and the companies settled in it. */
export interface ParkOccupancy {
  reserved: { landMu: number; factorySqm: number };
  residentCount: number;
}

/** A park's occupancy, from the figures refreshOccupancy keeps on its row. */
export function occupancyOf(park: ParkEntity): ParkOccupancy {
  return {
    reserved: { landMu: Number(park.reservedLandMu), factorySqm: Number(park.reservedFactorySqm) },
    residentCount: Number(park.residentCount),
  };
}

/** Parks with their clusters, hosted segments, resident companies and reservations. */
@Injectable()
export class ParksRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  list(filter: ParkListFilter, beforeId: string | undefined, limit: number): Promise<ParkEntity[]> {
    const query = this.dataSource.manager.createQueryBuilder(ParkEntity, 'park');
    if (filter.unit) filter.unit.applyTo(query, 'park', undefined, 'unit');
    if (filter.clusterCode)
      query.andWhere('park.id IN (SELECT pc.park_id FROM park_clusters pc WHERE pc.cluster_code = :clusterCode)', {
        clusterCode: filter.clusterCode,
      });
    if (filter.kind) query.andWhere('park.kind = :kind', { kind: filter.kind });
    if (filter.q) query.andWhere('park.name LIKE :q', { q: `%${escapeLike(filter.q)}%` });
    if (beforeId) query.andWhere('park.id < :beforeId', { beforeId });
    return query
      .orderBy('park.id', 'DESC')
      .limit(limit + 1)
      .getMany();
  }

  /**
   * The header search (GET /search): parks are public to read, as their list is. Exact name or code, then name
   * prefix, then contains; one statement, with the park's region by name.
   */
  async search(q: string, limit: number): Promise<ParkSearchHit[]> {
    const rank = `CASE WHEN park.name = :search OR park.code = :search THEN ${SEARCH_RANK.exact} WHEN park.name LIKE :searchPrefix THEN ${SEARCH_RANK.prefix} ELSE ${SEARCH_RANK.contains} END`;
    const rows = await this.dataSource.manager
      .createQueryBuilder(ParkEntity, 'park')
      .leftJoin('park.region', 'region')
      .select(['park.id AS id', 'park.name AS name', 'park.kind AS kind', 'region.name AS regionName'])
      .addSelect(rank, 'score')
      .where('(park.name LIKE :searchContains OR park.code = :search)', {
        search: q,
        searchPrefix: `${escapeLike(q)}%`,
        searchContains: `%${escapeLike(q)}%`,
      })
      .orderBy('score', 'ASC')
      .addOrderBy('park.id', 'ASC')
      .limit(limit)
      .getRawMany<Omit<ParkSearchHit, 'rank'> & { score: string }>();
    return rows.map(({ score, ...row }) => ({ ...row, id: String(row.id), rank: Number(score) as SearchRank }));
  }

  /**
   * Any jurisdiction: parks are public to read. Edits check the owning unit after this read (ParksService
   * editableUnit: 403 outside it), so callers that write must do that check.
   */
  findByIdUnscoped(id: string, manager?: EntityManager): Promise<ParkEntity | null> {
    return (manager ?? this.dataSource.manager).findOne(ParkEntity, { where: { id } });
  }

  async detail(id: string): Promise<ParkDetail | null> {
    const park = await this.findByIdUnscoped(id);
    if (!park) return null;
    const [clusters, segments, companies] = await Promise.all([
      this.dataSource.manager.find(ParkClusterEntity, {
        where: { parkId: id },
        order: { isPrimary: 'DESC', clusterCode: 'ASC' },
      }),
      this.dataSource.manager.find(ParkSegmentEntity, { where: { parkId: id }, order: { segmentCode: 'ASC' } }),
      this.dataSource.query(
        `SELECT pc.company_id AS companyId, c.name AS companyName, pc.segment_code AS segmentCode
           FROM park_companies pc JOIN companies c ON c.id = pc.company_id WHERE pc.park_id = ? ORDER BY pc.created_at, pc.company_id LIMIT 500`,
        [id],
      ),
    ]);
    return {
      park,
      clusters: clusters.map((row) => ({ clusterCode: row.clusterCode, isPrimary: Boolean(row.isPrimary) })),
      segments: segments.map((row) => row.segmentCode),
      companies: companies.map((row: { companyId: string; companyName: string; segmentCode: string | null }) => ({
        ...row,
        companyId: String(row.companyId),
      })),
    };
  }

  /** A park's resident companies by company id (the primary key's order), `limit + 1` rows past `afterCompanyId`. */
  async residents(
    parkId: string,
    afterCompanyId: string | undefined,
    limit: number,
  ): Promise<Array<{ companyId: string; companyName: string; segmentCode: string | null }>> {
    const rows: Array<{ companyId: string; companyName: string; segmentCode: string | null }> =
      await this.dataSource.query(
        `SELECT pc.company_id AS companyId, c.name AS companyName, pc.segment_code AS segmentCode
           FROM park_companies pc JOIN companies c ON c.id = pc.company_id
          WHERE pc.park_id = ? ${afterCompanyId ? 'AND pc.company_id > ?' : ''}
          ORDER BY pc.company_id LIMIT ?`,
        afterCompanyId ? [parkId, afterCompanyId, limit + 1] : [parkId, limit + 1],
      );
    return rows.map((row) => ({ ...row, companyId: String(row.companyId) }));
  }

  async insert(manager: EntityManager, values: ParkValues): Promise<string> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(ParkEntity)
      .values({ ...values, version: 1 } as never)
      .updateEntity(false)
      .execute();
    return String(result.raw.insertId);
  }

  async updateIfVersion(manager: EntityManager, id: string, version: number, changes: ParkChanges): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(ParkEntity)
      .set({ ...changes, version: () => 'version + 1' } as never)
      .where('id = :id AND version = :version', { id, version })
      .execute();
    return result.affected === 1;
  }

  /** `manager`: a transaction's own connection, when asked inside one. */
  async currentVersion(id: string, manager?: EntityManager): Promise<number | null> {
    return (await this.findByIdUnscoped(id, manager))?.version ?? null;
  }

  /** Marks the park changed (its catalog entry is stale) without an edit of its own fields. */
  async touch(manager: EntityManager, id: string): Promise<void> {
    await manager.query('UPDATE parks SET version = version + 1 WHERE id = ?', [id]);
  }

  async replaceClusters(manager: EntityManager, parkId: string, primary: string[], secondary: string[]): Promise<void> {
    await manager.delete(ParkClusterEntity, { parkId });
    const rows = [
      ...primary.map((clusterCode) => ({ parkId, clusterCode, isPrimary: true })),
      ...secondary.map((clusterCode) => ({ parkId, clusterCode, isPrimary: false })),
    ];
    if (rows.length > 0) await manager.insert(ParkClusterEntity, rows);
  }

  async replaceSegments(manager: EntityManager, parkId: string, segmentCodes: string[]): Promise<void> {
    await manager.delete(ParkSegmentEntity, { parkId });
    if (segmentCodes.length > 0)
      await manager.insert(
        ParkSegmentEntity,
        segmentCodes.map((segmentCode) => ({ parkId, segmentCode })),
      );
  }

  async addCompany(
    manager: EntityManager,
    parkId: string,
    companyId: string,
    segmentCode: string | null,
  ): Promise<boolean> {
    const result = await manager.query(
      'INSERT INTO park_companies (park_id, company_id, segment_code) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE segment_code = VALUES(segment_code)',
      [parkId, companyId, segmentCode],
    );
    await this.refreshOccupancy(manager, [parkId]);
    return Number(result.affectedRows) === 1;
  }

  async removeCompany(manager: EntityManager, parkId: string, companyId: string): Promise<boolean> {
    const removed = ((await manager.delete(ParkCompanyEntity, { parkId, companyId })).affected ?? 0) > 0;
    await this.refreshOccupancy(manager, [parkId]);
    return removed;
  }

  /**
   * Recounts the occupancy kept on the parks' rows (reserved land and floor space, resident companies) from their
   * reservations and residents, in the caller's transaction: exact whatever the change was (a reservation moved
   * between parks, given back, taken up again).
   */
  async refreshOccupancy(manager: EntityManager, parkIds: string[]): Promise<void> {
    const ids = [...new Set(parkIds.map(String))];
    if (ids.length === 0) return;
    await manager.query(
      `UPDATE parks p SET
          reserved_land_mu = (SELECT COALESCE(SUM(r.land_mu), 0) FROM park_reservations r WHERE r.park_id = p.id AND r.status = 'active'),
          reserved_factory_sqm = (SELECT COALESCE(SUM(r.factory_sqm), 0) FROM park_reservations r WHERE r.park_id = p.id AND r.status = 'active'),
          resident_count = (SELECT COUNT(*) FROM park_companies pc WHERE pc.park_id = p.id)
        WHERE p.id IN (?)`,
      [ids],
    );
  }

  findReservation(manager: EntityManager, leadId: string): Promise<ParkReservationEntity | null> {
    return manager.findOne(ParkReservationEntity, { where: { leadId } });
  }

  /**
   * Holds a signed lead's land and factory need in its park: capacity goes down by what the park has (never below
   * zero, nothing where it is unknown), and the reservation records exactly that, so releasing gives back only what
   * was taken. The park row is locked first, as every capacity change does, so two signings queue instead of
   * deadlocking.
   */
  async reserve(
    manager: EntityManager,
    leadId: string,
    parkId: string,
    landNeedMu: number,
    factoryNeedSqm: number,
  ): Promise<{ landMu: number; factorySqm: number }> {
    // A reservation taken up again may have been another park's: both parks' figures change.
    const [previous] = await manager.query('SELECT park_id AS parkId FROM park_reservations WHERE lead_id = ?', [
      leadId,
    ]);
    const [park] = await manager.query(
      'SELECT land_available_mu AS land, factory_available_sqm AS factory FROM parks WHERE id = ? FOR UPDATE',
      [parkId],
    );
    const landMu = park?.land === null || park?.land === undefined ? 0 : Math.min(landNeedMu, Number(park.land));
    const factorySqm =
      park?.factory === null || park?.factory === undefined ? 0 : Math.min(factoryNeedSqm, Number(park.factory));
    await manager.query(
      `UPDATE parks SET land_available_mu = IF(land_available_mu IS NULL, NULL, land_available_mu - ?),
              factory_available_sqm = IF(factory_available_sqm IS NULL, NULL, factory_available_sqm - ?), version = version + 1
        WHERE id = ?`,
      [landMu, factorySqm, parkId],
    );
    await manager.query(
      `INSERT INTO park_reservations (lead_id, park_id, land_mu, factory_sqm, status) VALUES (?, ?, ?, ?, 'active')
       ON DUPLICATE KEY UPDATE park_id = VALUES(park_id), land_mu = VALUES(land_mu), factory_sqm = VALUES(factory_sqm), status = 'active', released_at = NULL`,
      [leadId, parkId, landMu, factorySqm],
    );
    await this.refreshOccupancy(manager, previous ? [parkId, String(previous.parkId)] : [parkId]);
    return { landMu, factorySqm };
  }

  /** Gives a reservation back to its park (the park row locked first). */
  async release(manager: EntityManager, reservation: ParkReservationEntity): Promise<void> {
    await manager.query('SELECT id FROM parks WHERE id = ? FOR UPDATE', [reservation.parkId]);
    await manager.query(
      `UPDATE parks SET land_available_mu = IF(land_available_mu IS NULL, NULL, land_available_mu + ?),
              factory_available_sqm = IF(factory_available_sqm IS NULL, NULL, factory_available_sqm + ?), version = version + 1
        WHERE id = ?`,
      [reservation.landMu, reservation.factorySqm, reservation.parkId],
    );
    await manager.query(
      "UPDATE park_reservations SET status = 'released', released_at = CURRENT_TIMESTAMP(3) WHERE lead_id = ? AND status = 'active'",
      [reservation.leadId],
    );
    await this.refreshOccupancy(manager, [reservation.parkId]);
  }

  async countOpenLeads(): Promise<number> {
    const [row] = await this.dataSource.query(
      'SELECT COUNT(*) AS n FROM leads WHERE stage NOT IN (?) AND merged_into_lead_id IS NULL',
      [CLOSED_STAGES],
    );
    return Number(row.n);
  }

  /** Open leads' matching inputs, by id, a page after `afterId`. */
  openLeadProfiles(
    afterId: string,
    limit: number,
  ): Promise<
    Array<{
      id: string;
      version: number;
      clusterCode: string;
      segmentCode: string | null;
      landNeedMu: string | null;
      factoryNeedSqm: string | null;
      regionCode: string;
      cityCode: string | null;
    }>
  > {
    return this.dataSource.query(
      `SELECT id, version, cluster_code AS clusterCode, segment_code AS segmentCode, land_need_mu AS landNeedMu, factory_need_sqm AS factoryNeedSqm,
              region_code AS regionCode, city_code AS cityCode
         FROM leads WHERE id > ? AND stage NOT IN (?) AND merged_into_lead_id IS NULL ORDER BY id LIMIT ?`,
      [afterId, CLOSED_STAGES, limit],
    );
  }

  /** Takes the park row first, as every change of its capacity, residents or reservations does (one lock order). */
  async lockPark(manager: EntityManager, id: string): Promise<void> {
    await manager.query('SELECT id FROM parks WHERE id = ? FOR UPDATE', [id]);
  }

  // Catalog ---------------------------------------------------------------------------------------------------

  /**
   * Changes whenever a park, its clusters, segments, companies or capacity change: each such write bumps the park's
   * version, and a sum of versions moves whatever order the writes commit in.
   */
  async catalogStamp(manager?: EntityManager): Promise<string> {
    const [row] = await (manager ?? this.dataSource.manager).query(
      'SELECT COUNT(*) AS n, COALESCE(SUM(version), 0) AS versions, MAX(id) AS lastId FROM parks',
    );
    return `${row.n}:${row.versions}:${row.lastId}`;
  }

  async catalogRows(manager?: EntityManager): Promise<{
    parks: Array<Record<string, unknown>>;
    clusters: Array<{ parkId: string; clusterCode: string; isPrimary: number }>;
    segments: Array<{ parkId: string; segmentCode: string }>;
    chain: Array<{ code: string; clusterCode: string; name: string; position: string }>;
    focus: Array<{ clusterCode: string; regionCode: string }>;
  }> {
    const query = (sql: string) => (manager ?? this.dataSource.manager).query(sql);
    // One after another: inside a caller's transaction they share its single connection.
    const [parks, clusters, segments, chain, focus] = [
      await query(
        `SELECT id, name, region_code AS regionCode, city_code AS cityCode, land_available_mu AS landAvailableMu,
                factory_available_sqm AS factoryAvailableSqm, ready_road AS road, ready_water AS water, ready_power AS power,
                ready_gas AS gas, ready_network AS network, ready_levelled AS levelled, port_access AS portAccess,
                rail_access AS railAccess, hazardous_chemicals_allowed AS hazardousChemicalsAllowed FROM parks`,
      ),
      await query('SELECT park_id AS parkId, cluster_code AS clusterCode, is_primary AS isPrimary FROM park_clusters'),
      await query(
        `SELECT park_id AS parkId, segment_code AS segmentCode FROM park_segments
         UNION SELECT park_id, segment_code FROM park_companies WHERE segment_code IS NOT NULL`,
      ),
      await query('SELECT code, cluster_code AS clusterCode, name, position FROM cluster_segments'),
      await query('SELECT cluster_code AS clusterCode, region_code AS regionCode FROM cluster_focus_regions'),
    ];
    return { parks, clusters, segments, chain, focus };
  }

  /** The resident companies of `parkIds` in `segments`, with their names, for a cluster's chain map (at most 5,000). */
  residentsInSegments(
    parkIds: string[],
    segments: string[],
  ): Promise<Array<{ parkId: string; companyId: string; companyName: string; segmentCode: string }>> {
    return this.dataSource.query(
      `SELECT pc.park_id AS parkId, pc.company_id AS companyId, c.name AS companyName, pc.segment_code AS segmentCode
         FROM park_companies pc JOIN companies c ON c.id = pc.company_id
        WHERE pc.park_id IN (?) AND pc.segment_code IN (?) ORDER BY pc.company_id LIMIT 5000`,
      [parkIds, segments.length ? segments : ['']],
    );
  }
}
