import type { WhereExpressionBuilder } from 'typeorm';
import type { AuthPrincipal } from './principal';

export type JurisdictionLevel = 'region' | 'city' | 'county';

/** The unit columns every scoped record carries (its holding unit and that unit's city). */
export interface UnitRef {
  regionCode: string;
  cityCode: string | null;
}

/**
 * What a caller may see: their own unit and everything below it. The region (450000) sees all, a city its own
 * records and its counties', a county only its own. Repositories receive it for every query of a scoped record
 * (docs/architecture.md "Jurisdiction"), so no feature can forget it.
 */
export class JurisdictionScope {
  private constructor(
    readonly level: JurisdictionLevel,
    readonly regionCode: string,
    readonly cityCode: string | null,
  ) {}

  static of(unit: UnitRef): JurisdictionScope {
    if (unit.cityCode === null) return new JurisdictionScope('region', unit.regionCode, null);
    if (unit.cityCode === unit.regionCode) return new JurisdictionScope('city', unit.regionCode, unit.cityCode);
    return new JurisdictionScope('county', unit.regionCode, unit.cityCode);
  }

  static forPrincipal(principal: Pick<AuthPrincipal, 'regionCode' | 'cityCode'>): JurisdictionScope {
    return JurisdictionScope.of(principal);
  }

  /** Whether any of `units` is inside this scope (a record between two units: a dispatch, a conflict). */
  containsAny(...units: UnitRef[]): boolean {
    return units.some((unit) => this.contains(unit));
  }

  /** Whether a record held by `unit` is inside this scope. */
  contains(unit: UnitRef): boolean {
    switch (this.level) {
      case 'region':
        return true;
      case 'city':
        return unit.cityCode === this.cityCode;
      case 'county':
        return unit.regionCode === this.regionCode;
    }
  }

  /**
   * Adds the scope's condition to a query on `alias`, whose entity maps its unit to `regionCode` / `cityCode`
   * (or the property names given). Uses the indexed columns directly, never an expression.
   */
  applyTo<Q extends WhereExpressionBuilder>(
    query: Q,
    alias: string,
    columns = { region: 'regionCode', city: 'cityCode' },
    parameterPrefix = 'scope',
  ): Q {
    // Another scope on the same query (a filter by unit next to the caller's jurisdiction) passes its own prefix.
    const city = `${parameterPrefix}CityCode`;
    const region = `${parameterPrefix}RegionCode`;
    if (this.level === 'city') query.andWhere(`${alias}.${columns.city} = :${city}`, { [city]: this.cityCode });
    if (this.level === 'county')
      query.andWhere(`${alias}.${columns.region} = :${region}`, { [region]: this.regionCode });
    return query;
  }
}

/** The unit columns of a row, as a unit (rows carry more fields than a unit). */
export function unitOf(row: UnitRef): UnitRef {
  return { regionCode: row.regionCode, cityCode: row.cityCode };
}

const REGION_UNIT: UnitRef = Object.freeze({ regionCode: '450000', cityCode: null });

export function sameUnit(a: UnitRef, b: UnitRef): boolean {
  return a.regionCode === b.regionCode;
}

/** The unit one level up: a county's city, a city's region; null for the region itself. */
export function parentUnit(unit: UnitRef): UnitRef | null {
  if (unit.cityCode === null) return null;
  if (unit.cityCode === unit.regionCode) return REGION_UNIT;
  return { regionCode: unit.cityCode, cityCode: unit.cityCode };
}

/** Whether `unit` sits anywhere below `ancestor` (not the ancestor itself). */
export function isBelow(unit: UnitRef, ancestor: UnitRef): boolean {
  return !sameUnit(unit, ancestor) && JurisdictionScope.of(ancestor).contains(unit);
}

/**
 * The arbiter of two units: the lowest unit above both of them (two counties of one city: the city; a city and
 * one of its counties, or two cities: the region). The region, having no superior, arbitrates its own cases.
 */
export function lowestCommonSuperior(a: UnitRef, b: UnitRef): UnitRef {
  let candidate: UnitRef = REGION_UNIT;
  if (a.cityCode !== null && a.cityCode === b.cityCode) candidate = { regionCode: a.cityCode, cityCode: a.cityCode };
  if (sameUnit(candidate, a) || sameUnit(candidate, b)) return parentUnit(candidate) ?? candidate;
  return candidate;
}
