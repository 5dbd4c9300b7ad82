import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { RegionRow } from './dto/region.dto';
import { RegionEntity, RegionLevel } from './region.entity';

const ROW_COLUMNS: Array<keyof RegionRow> = [
  'code',
  'name',
  'level',
  'parentCode',
  'provinceCode',
  'cityCode',
  'isKeyIndustrialCounty',
];
const SELECTED = ROW_COLUMNS.map((column) => `region.${column}`);

export interface RegionFilter {
  parentCode?: string;
  level?: RegionLevel;
  keyIndustrialCounty?: boolean;
}

/** Reads the administrative divisions. Reference data: the same for every jurisdiction. */
@Injectable()
export class RegionsRepository {
  constructor(@InjectRepository(RegionEntity) private readonly regions: Repository<RegionEntity>) {}

  /** One page in code order, `limit + 1` rows so the caller can tell whether more follow. */
  listAfter(filter: RegionFilter, afterCode: string | undefined, limit: number): Promise<RegionRow[]> {
    return this.filtered(filter, afterCode)
      .select(SELECTED)
      .orderBy('region.code', 'ASC')
      .limit(limit + 1)
      .getMany();
  }

  count(filter: RegionFilter): Promise<number> {
    return this.filtered(filter, undefined).getCount();
  }

  findByCode(code: string): Promise<RegionRow | null> {
    return this.regions.createQueryBuilder('region').select(SELECTED).where('region.code = :code', { code }).getOne();
  }

  /** Everything below a province or city (two levels at most), from the denormalised ancestor columns. */
  findDescendants(region: RegionRow): Promise<RegionRow[]> {
    if (region.level === 'county') return Promise.resolve([]);
    const ancestorColumn = region.level === 'province' ? 'region.provinceCode' : 'region.cityCode';
    return this.regions
      .createQueryBuilder('region')
      .select(SELECTED)
      .where(`${ancestorColumn} = :code AND region.code <> :code`, { code: region.code })
      .orderBy('region.code', 'ASC')
      .getMany();
  }

  /** Marks or unmarks a key industrial county; false when it already was as asked. */
  async setKeyIndustrialCounty(manager: EntityManager, code: string, value: boolean): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(RegionEntity)
      .set({ isKeyIndustrialCounty: value })
      .where('code = :code AND is_key_industrial_county <> :value', { code, value })
      .execute();
    return result.affected === 1;
  }

  private filtered(filter: RegionFilter, afterCode: string | undefined) {
    const query = this.regions.createQueryBuilder('region');
    if (filter.parentCode) query.andWhere('region.parentCode = :parentCode', { parentCode: filter.parentCode });
    if (filter.level) query.andWhere('region.level = :level', { level: filter.level });
    if (filter.keyIndustrialCounty !== undefined)
      query.andWhere('region.isKeyIndustrialCounty = :key', { key: filter.keyIndustrialCounty });
    if (afterCode) query.andWhere('region.code > :afterCode', { afterCode });
    return query;
  }
}
