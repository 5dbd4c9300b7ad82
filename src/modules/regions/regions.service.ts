import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthPrincipal } from '../../core/auth/principal';
import { AuditService } from '../audit/audit.service';
import { decodeKeyCursor, Page, toPage } from '../../core/common/pagination';
import { DomainException } from '../../core/errors/domain.exception';
import { mapRegion, mapRegionTree, RegionListQueryDto, RegionResponseDto, RegionTreeNodeDto } from './dto/region.dto';
import { RegionsRepository } from './regions.repository';

@Injectable()
export class RegionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly regions: RegionsRepository,
    private readonly audit: AuditService,
  ) {}

  async list(query: RegionListQueryDto): Promise<Page<RegionResponseDto>> {
    const filter = {
      parentCode: query.parentCode,
      level: query.level,
      keyIndustrialCounty: query.keyIndustrialCounty,
    };
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

  /**
   * Marks a county as one of the plan's 35 key industrial counties (工业重点县: standard factories and county parks
   * are planned there), audited; the breakdown by key county follows at once. Only counties can be marked.
   */
  async setKeyIndustrialCounty(principal: AuthPrincipal, code: string, value: boolean): Promise<RegionResponseDto> {
    const region = await this.regions.findByCode(code);
    if (!region) throw DomainException.notFound('Region', code);
    if (region.level !== 'county')
      throw DomainException.validation(
        'code',
        'isCounty',
        `is a ${region.level}; only counties are key industrial counties`,
      );
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.regions.setKeyIndustrialCounty(manager, code, value))) return;
      await this.audit.record(manager, {
        actor: principal,
        action: 'update',
        entity: 'region',
        entityId: code,
        unit: { regionCode: code, cityCode: region.cityCode },
        changes: { isKeyIndustrialCounty: [Boolean(region.isKeyIndustrialCounty), value] },
      });
    });
    return mapRegion({ ...region, isKeyIndustrialCounty: value });
  }
}
