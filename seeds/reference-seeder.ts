import type { Logger } from 'pino';
import { DataSource, EntityManager, In } from 'typeorm';
import { ClusterFocusRegionEntity } from '../src/modules/clusters/cluster-focus-region.entity';
import { ClusterSegmentEntity } from '../src/modules/clusters/cluster-segment.entity';
import { ClusterEntity } from '../src/modules/clusters/cluster.entity';
import { ParkClusterEntity } from '../src/modules/parks/park-cluster.entity';
import { ParkEntity } from '../src/modules/parks/park.entity';
import { RegionEntity } from '../src/modules/regions/region.entity';
import { CLUSTER_SEEDS } from './clusters';
import { buildRegionSeeds } from './divisions';
import { shanghaiDate } from '../src/core/common/deadline-calendar';
import { SANYUESAN_NAME, sanyuesanDates } from '../src/modules/calendar/zhuang-sanyuesan';
import { PARK_SEEDS } from './parks';

/** The first year the calendar seeds: the campaign's records begin then. */
const FIRST_CALENDAR_YEAR = 2024;

export interface ReferenceSeedCounts {
  regions: number;
  clusters: number;
  segments: number;
  parks: number;
  calendarYears: number;
}

/**
 * Loads the reference data (divisions, clusters with their chain segments, the plan's parks), upserting by code,
 * so it runs at every start and by `npm run seed` without duplicating anything. What administrators maintain
 * (key-county marks, park capacities and kinds they changed) is never overwritten.
 */
export async function seedReferenceData(dataSource: DataSource, logger?: Logger): Promise<ReferenceSeedCounts> {
  const counts = await dataSource.transaction(async (manager) => ({
    regions: await seedRegions(manager),
    ...(await seedClusters(manager)),
    parks: await seedParks(manager),
    calendarYears: await seedCalendarYears(manager),
  }));
  logger?.info(counts, 'Reference data loaded');
  return counts;
}

async function seedRegions(manager: EntityManager): Promise<number> {
  const rows = buildRegionSeeds();
  // Parents first: the self-referencing foreign key checks each row as it lands.
  for (const level of ['province', 'city', 'county'] as const) {
    const batch = rows.filter((row) => row.level === level);
    await manager
      .createQueryBuilder()
      .insert()
      .into(RegionEntity)
      .values(batch)
      .orUpdate(['name', 'level', 'parent_code', 'province_code', 'city_code'], ['code'])
      .updateEntity(false)
      .execute();
  }
  return rows.length;
}

async function seedClusters(manager: EntityManager): Promise<{ clusters: number; segments: number }> {
  await manager
    .createQueryBuilder()
    .insert()
    .into(ClusterEntity)
    .values(
      CLUSTER_SEEDS.map((cluster, index) => ({
        code: cluster.code,
        name: cluster.name,
        nameEn: cluster.nameEn,
        leadUnit: cluster.leadUnit,
        focusPlaces: cluster.focusPlaces,
        sortOrder: index + 1,
      })),
    )
    .orUpdate(['name', 'name_en', 'lead_unit', 'focus_places', 'sort_order'], ['code'])
    .updateEntity(false)
    .execute();

  const segments = CLUSTER_SEEDS.flatMap((cluster) =>
    cluster.segments.map((segment, index) => ({ ...segment, clusterCode: cluster.code, sortOrder: index + 1 })),
  );
  await manager
    .createQueryBuilder()
    .insert()
    .into(ClusterSegmentEntity)
    .values(segments)
    .orUpdate(['cluster_code', 'name', 'name_en', 'position', 'sort_order'], ['code'])
    .updateEntity(false)
    .execute();

  const focusRegions = CLUSTER_SEEDS.flatMap((cluster) =>
    cluster.focusRegions.map((focus) => ({
      clusterCode: cluster.code,
      regionCode: focus.regionCode,
      focus: focus.focus,
    })),
  );
  await manager
    .createQueryBuilder()
    .insert()
    .into(ClusterFocusRegionEntity)
    .values(focusRegions)
    .orUpdate(['focus'], ['cluster_code', 'region_code'])
    .updateEntity(false)
    .execute();
  return { clusters: CLUSTER_SEEDS.length, segments: segments.length };
}

async function seedParks(manager: EntityManager): Promise<number> {
  const regions = await manager.find(RegionEntity, {
    select: { code: true, cityCode: true },
    where: { code: In(PARK_SEEDS.map((park) => park.regionCode)) },
  });
  const cityOf = new Map(regions.map((region) => [region.code, region.cityCode]));
  await manager
    .createQueryBuilder()
    .insert()
    .into(ParkEntity)
    .values(
      PARK_SEEDS.map((park) => {
        const cityCode = cityOf.get(park.regionCode);
        if (!cityCode)
          throw new Error(`Park seed ${park.code} names region ${park.regionCode}, which is not a city or county`);
        return {
          code: park.code,
          name: park.name,
          regionCode: park.regionCode,
          cityCode,
          kind: park.kind,
          focus: park.focus,
          version: 1,
        };
      }),
    )
    // Only the identity follows the seed; kind, capacities and clusters are the administrators' once set.
    .orUpdate(['name', 'region_code', 'city_code'], ['code'])
    .updateEntity(false)
    .execute();
  // A kind or focus nobody has set yet (parks seeded before the seed had them) takes the seed's.
  for (const park of PARK_SEEDS) {
    await manager.query(
      'UPDATE parks SET kind = COALESCE(kind, ?), focus = COALESCE(focus, ?) WHERE code = ? AND (kind IS NULL OR focus IS NULL)',
      [park.kind, park.focus, park.code],
    );
  }

  const parks = await manager.find(ParkEntity, {
    select: { id: true, code: true },
    where: { code: In(PARK_SEEDS.map((park) => park.code)) },
  });
  const idOf = new Map(parks.map((park) => [park.code, park.id]));
  // Clusters are the administrators' once a park has any: only parks without one get the seed's.
  const withClusters = new Set(
    (
      await manager
        .createQueryBuilder(ParkClusterEntity, 'pc')
        .select('DISTINCT pc.parkId', 'parkId')
        .where('pc.parkId IN (:...ids)', { ids: [...idOf.values()] })
        .getRawMany<{ parkId: string }>()
    ).map((row) => String(row.parkId)),
  );
  const focusedOn = (cityCode: string) =>
    CLUSTER_SEEDS.filter((cluster) => cluster.focusRegions.some((focus) => focus.regionCode === cityCode)).map(
      (cluster) => cluster.code,
    );
  const parkClusters = PARK_SEEDS.filter((park) => !withClusters.has(String(idOf.get(park.code)))).flatMap((park) => [
    ...park.clusterCodes.map((clusterCode) => ({ parkId: idOf.get(park.code)!, clusterCode, isPrimary: true })),
    ...(park.hostsCityFocus
      ? focusedOn(cityOf.get(park.regionCode)!)
          .filter((clusterCode) => !park.clusterCodes.includes(clusterCode))
          .map((clusterCode) => ({ parkId: idOf.get(park.code)!, clusterCode, isPrimary: false }))
      : []),
  ]);
  if (parkClusters.length > 0) {
    await manager
      .createQueryBuilder()
      .insert()
      .into(ParkClusterEntity)
      .values(parkClusters)
      .orIgnore()
      .updateEntity(false)
      .execute();
  }
  return PARK_SEEDS.length;
}

/**
 * Each year from FIRST_CALENDAR_YEAR to next year that administrators have not maintained gets the statutory
 * 壮族三月三 (two days), marked provisional: the yearly notice may move days or add make-up days, and the calendar
 * page and the start-up warnings ask an administrator to confirm. A maintained year is never touched.
 */
async function seedCalendarYears(manager: EntityManager): Promise<number> {
  const lastYear = Number(shanghaiDate(new Date()).slice(0, 4)) + 1;
  let seeded = 0;
  for (let year = FIRST_CALENDAR_YEAR; year <= lastYear; year++) {
    const added = await manager.query('INSERT IGNORE INTO calendar_years (year, confirmed, version) VALUES (?, 0, 1)', [
      year,
    ]);
    if (added.affectedRows !== 1) continue;
    await manager.query('INSERT IGNORE INTO calendar_days (date, year, kind, name) VALUES ?', [
      sanyuesanDates(year).map((date) => [date, year, 'holiday', SANYUESAN_NAME]),
    ]);
    seeded++;
  }
  return seeded;
}
