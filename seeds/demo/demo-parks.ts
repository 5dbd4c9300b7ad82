import type { Faker } from '@faker-js/faker';
import { EntityManager, Like } from 'typeorm';
import { ParkClusterEntity } from '../../src/modules/parks/park-cluster.entity';
import { PARK_KINDS, ParkEntity } from '../../src/modules/parks/park.entity';
import { RegionEntity } from '../../src/modules/regions/region.entity';
import { CLUSTER_SEEDS } from '../clusters';
import { DEMO_CODE_PREFIX, DEMO_NAME_MARK } from './demo-marks';

const PARK_SUFFIXES = ['产业园', '工业园', '高新区', '经济开发区', '标准厂房园区', '产业集聚区'];
const CHUNK = 500;

/** Demo parks in Guangxi's counties with capacities and one or two clusters; upserted by code, so reruns replace. */
export async function seedDemoParks(manager: EntityManager, faker: Faker, count: number): Promise<number> {
  const counties = await manager.find(RegionEntity, {
    select: { code: true, name: true, cityCode: true },
    where: { level: 'county', provinceCode: '450000' },
  });
  const clustersOf = new Map<string, typeof CLUSTER_SEEDS>();
  const parks = Array.from({ length: count }, (_, index) => {
    const county = faker.helpers.arrayElement(counties);
    const code = `${DEMO_CODE_PREFIX}park-${index + 1}`;
    const clusters = faker.helpers.arrayElements(CLUSTER_SEEDS, { min: 1, max: 2 });
    clustersOf.set(code, clusters);
    return {
      code,
      name: `${DEMO_NAME_MARK}${county.name}${clusters[0].name}${faker.helpers.arrayElement(PARK_SUFFIXES)}`,
      regionCode: county.code,
      cityCode: county.cityCode!,
      kind: faker.helpers.arrayElement(PARK_KINDS),
      landAvailableMu: faker.number.float({ min: 0, max: 5000, fractionDigits: 2 }).toFixed(2),
      factoryAvailableSqm: faker.number.float({ min: 0, max: 300000, fractionDigits: 2 }).toFixed(2),
      factoryPlannedSqm: faker.number.float({ min: 0, max: 500000, fractionDigits: 2 }).toFixed(2),
      readyRoad: faker.datatype.boolean(0.9),
      readyWater: faker.datatype.boolean(0.85),
      readyPower: faker.datatype.boolean(0.9),
      readyGas: faker.datatype.boolean(0.5),
      readyNetwork: faker.datatype.boolean(0.9),
      readyLevelled: faker.datatype.boolean(0.6),
      portAccess: faker.datatype.boolean(0.25),
      railAccess: faker.datatype.boolean(0.4),
      hazardousChemicalsAllowed: clusters.some((cluster) => cluster.code === 'chem') && faker.datatype.boolean(0.6),
      version: 1,
    };
  });
  for (let start = 0; start < parks.length; start += CHUNK) {
    await manager
      .createQueryBuilder()
      .insert()
      .into(ParkEntity)
      .values(parks.slice(start, start + CHUNK))
      .orUpdate(
        [
          'name',
          'region_code',
          'city_code',
          'kind',
          'land_available_mu',
          'factory_available_sqm',
          'factory_planned_sqm',
          'ready_road',
          'ready_water',
          'ready_power',
          'ready_gas',
          'ready_network',
          'ready_levelled',
          'port_access',
          'rail_access',
          'hazardous_chemicals_allowed',
        ],
        ['code'],
      )
      .updateEntity(false)
      .execute();
  }

  const saved = await manager.find(ParkEntity, {
    select: { id: true, code: true },
    where: { code: Like(`${DEMO_CODE_PREFIX}park-%`) },
  });
  const links = saved.flatMap((park) =>
    (clustersOf.get(park.code!) ?? []).map((cluster, index) => ({
      parkId: park.id,
      clusterCode: cluster.code,
      isPrimary: index === 0,
    })),
  );
  for (let start = 0; start < links.length; start += CHUNK) {
    await manager
      .createQueryBuilder()
      .insert()
      .into(ParkClusterEntity)
      .values(links.slice(start, start + CHUNK))
      .orIgnore()
      .updateEntity(false)
      .execute();
  }
  return parks.length;
}

/** Removes every demo park (their cluster links go with them). */
export async function removeDemoParks(manager: EntityManager): Promise<number> {
  const result = await manager.delete(ParkEntity, { code: Like(`${DEMO_CODE_PREFIX}%`) });
  return result.affected ?? 0;
}
