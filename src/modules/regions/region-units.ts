import { Injectable } from '@nestjs/common';
import type { UnitRef } from '../../core/auth/jurisdiction-scope';
import { DomainException } from '../../core/errors/domain.exception';
import { RegionsRepository } from './regions.repository';

export const GUANGXI_REGION_CODE = '450000';

/** Turns a regionCode from a request into a unit of the CRM (Guangxi, one of its cities or counties). */
@Injectable()
export class RegionUnits {
  constructor(private readonly regions: RegionsRepository) {}

  /** The unit for `code`, or VALIDATION_FAILED naming `field` when it is not Guangxi or inside it. */
  async require(code: string, field = 'regionCode'): Promise<UnitRef> {
    const region = await this.regions.findByCode(code);
    if (!region || region.provinceCode !== GUANGXI_REGION_CODE) {
      throw DomainException.validation(
        field,
        'isGuangxiUnit',
        'must be 450000 or the code of a Guangxi city or county',
      );
    }
    return { regionCode: region.code, cityCode: region.cityCode };
  }

  /** Any known division (origins of companies, seats of chambers), or VALIDATION_FAILED naming `field`. */
  async requireKnown(code: string, field: string): Promise<string> {
    if (!(await this.regions.findByCode(code))) {
      throw DomainException.validation(
        field,
        'isKnownRegion',
        'must be the six-digit code of a known division, such as 440300',
      );
    }
    return code;
  }
}
