import { Injectable } from '@nestjs/common';
import { decodeKeyCursor, Page, toPage } from '../../core/common/pagination';
import { DomainException } from '../../core/errors/domain.exception';
import { mapRegion, mapRegionTree, RegionListQueryDto, RegionResponseDto, RegionTreeNodeDto } from './dto/region.dto';
import { RegionsRepository } from './regions.repository';

@Injectable()
export class RegionsService {
  constructor(private readonly regions: RegionsRepository) {}

  async list(query: RegionListQueryDto): Promise<Page<RegionResponseDto>> {
    const filter = { parentCode: query.parentCode, level: query.level };
    const afterCode = query.cursor ? decodeKeyCursor(query.cursor, /^\d{6}$/) : undefined;
    const [rows, total] = await Promise.all([
      this.regions.listAfter(filter, afterCode, query.limit),
      query.withTotal ? this.regions.count(filter) : Promise.resolve(undefined),
    ]);
    return toPage(rows, query.limit, (row) => [row.code], mapRegion, total);
  }

  async get(code: string): Promise<RegionTreeNodeDto> {
    const region = await this.regions.findByCode(code);
    if (!region) throw DomainException.notFound('Region', code);
    return mapRegionTree(region, await this.regions.findDescendants(region));
  }
}
