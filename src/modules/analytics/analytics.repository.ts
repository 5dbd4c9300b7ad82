import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JurisdictionScope, type UnitRef } from '../../core/auth/jurisdiction-scope';
import { onReplica } from '../../core/database/replica-reads';
import { BASIS_CODE, Basis, CellKey, LeadFacts, Measures, MEASURES } from './lead-contribution';
import { factsFromRow, FactsRow } from './lead-facts';

/** Equality conditions on cell key fields (and so on facts columns of the same name). */
export type CellConditions = Partial<
  Pick<
    CellKey,
    'regionCode' | 'cityCode' | 'clusterCode' | 'sourceKind' | 'ownership' | 'chamberId' | 'teamId' | 'category'
  >
>;

const COLUMN_OF: Record<keyof CellConditions, string> = {
  regionCode: 'region_code',
  cityCode: 'city_code',
  clusterCode: 'cluster_code',
  sourceKind: 'source_kind',
  ownership: 'ownership',
  chamberId: 'chamber_id',
  teamId: 'team_id',
  category: 'category',
};

/** What a cell query groups by: a key field, the month, or several (joined with '|'). */
export type CellGrouping = Array<keyof CellConditions | 'month'>;

/**
 * Reads the analytics roll-ups and facts; every query names the unit it is confined to. All of it reads from a
 * replica when there is one: figures a replica has not caught up with yet arrive a moment later.
 */
@Injectable()
export class AnalyticsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private read<T>(sql: string, parameters: unknown[]): Promise<T> {
    return onReplica(this.dataSource, (replica) => replica.query(sql, parameters));
  }

  /**
   * Sums the cells of one pattern and basis over [fromMonth, toMonth], grouped; keys are the group values joined by
   * '|'. Only `measures` are summed (the others stay 0): a breakdown needs a handful of the 124 columns.
   */
  async sumCells(
    pattern: number,
    basis: Basis,
    fromMonth: number,
    toMonth: number,
    conditions: CellConditions,
    grouping: CellGrouping,
    measures: readonly string[] = MEASURES,
  ): Promise<Map<string, Measures>> {
    const where = ['pattern = ?', 'basis = ?', 'month BETWEEN ? AND ?'];
    const parameters: unknown[] = [pattern, BASIS_CODE[basis], fromMonth, toMonth];
    for (const [field, value] of Object.entries(conditions) as Array<[keyof CellConditions, string]>) {
      if (value === undefined) continue;
      where.push(`${COLUMN_OF[field]} = ?`);
      parameters.push(value);
    }
    const groupColumns = grouping.map((field) => (field === 'month' ? 'month' : COLUMN_OF[field]));
    const groupExpression = groupColumns.length === 0 ? "''" : `CONCAT_WS('|', ${groupColumns.join(', ')})`;
    const rows = await this.read<Array<Record<string, unknown>>>(
      `SELECT ${groupExpression} AS groupKey, ${measures.map((name) => `SUM(${name}) AS ${name}`).join(', ')} FROM analytics_cells WHERE ${where.join(' AND ')}${groupColumns.length ? ` GROUP BY ${groupColumns.join(', ')}` : ''}`,
      parameters,
    );
    const totals = new Map<string, Measures>();
    for (const row of rows) {
      const sums = MEASURES.map((name) => Number(row[name] ?? 0));
      // Cells emptied by changes (a lead moved away) stay behind as zeros: they are no group.
      if (sums.every((value) => value === 0)) continue;
      totals.set(String(row.groupKey), sums);
    }
    return totals;
  }

  /**
   * The credited leads matching `conditions` with something in [from, until): created then (a cohort), or created
   * before its end with an event since its start (a flow). The fallback for filters too fine for a roll-up, which
   * such filters keep to a unit's, a chamber's or a team's leads.
   */
  async creditedFacts(conditions: CellConditions, basis: Basis, from: Date, until: Date): Promise<LeadFacts[]> {
    const where = [
      'credited = 1',
      'lead_created_at < ?',
      basis === 'cohort' ? 'lead_created_at >= ?' : 'last_event_at >= ?',
    ];
    const parameters: unknown[] = [until, from];
    for (const [field, value] of Object.entries(conditions) as Array<[keyof CellConditions, string]>) {
      if (value === undefined || field === 'category') continue;
      where.push(`${COLUMN_OF[field]} = ?`);
      parameters.push(value);
    }
    const rows = await this.read<FactsRow[]>(
      `SELECT lead_id AS leadId, credited, region_code AS regionCode, city_code AS cityCode, cluster_code AS clusterCode,
              source_kind AS sourceKind, ownership, chamber_id AS chamberId, team_id AS teamId, lead_created_at AS leadCreatedAt, facts
         FROM analytics_lead_facts WHERE ${where.join(' AND ')}`,
      parameters,
    );
    return rows.map(factsFromRow);
  }

  async names(table: 'regions' | 'clusters', codes: string[]): Promise<Map<string, string>>;
  async names(table: 'chambers' | 'teams', ids: string[]): Promise<Map<string, string>>;
  async names(table: 'regions' | 'clusters' | 'chambers' | 'teams', keys: string[]): Promise<Map<string, string>> {
    if (keys.length === 0) return new Map();
    const key = table === 'regions' || table === 'clusters' ? 'code' : 'id';
    const rows = await this.read<Array<{ k: string; name: string }>>(
      `SELECT ${key} AS k, name FROM ${table} WHERE ${key} IN (?)`,
      [keys],
    );
    return new Map(rows.map((row) => [String(row.k), row.name]));
  }

  /** The codes of the key industrial counties (工业重点县) inside a unit, in code order. */
  async keyIndustrialCounties(unit: UnitRef): Promise<string[]> {
    const scope = JurisdictionScope.of(unit);
    const [where, parameters] =
      scope.level === 'region'
        ? ['province_code = ?', [scope.regionCode]]
        : scope.level === 'city'
          ? ['city_code = ?', [scope.cityCode]]
          : ['code = ?', [scope.regionCode]];
    const rows = await this.read<Array<{ code: string }>>(
      `SELECT code FROM regions WHERE is_key_industrial_county = 1 AND level = 'county' AND ${where} ORDER BY code`,
      parameters,
    );
    return rows.map((row) => row.code);
  }

  /** The units directly below `parentCode` (cities of the region, counties of a city). */
  async childUnits(parentCode: string): Promise<Array<{ code: string; name: string; cityCode: string | null }>> {
    return this.read('SELECT code, name, city_code AS cityCode FROM regions WHERE parent_code = ? ORDER BY code', [
      parentCode,
    ]);
  }

  async region(
    code: string,
  ): Promise<{ code: string; name: string; parentCode: string | null; cityCode: string | null } | undefined> {
    const [row] = await this.read<
      Array<{ code: string; name: string; parentCode: string | null; cityCode: string | null }>
    >('SELECT code, name, parent_code AS parentCode, city_code AS cityCode FROM regions WHERE code = ?', [code]);
    return row;
  }
}
