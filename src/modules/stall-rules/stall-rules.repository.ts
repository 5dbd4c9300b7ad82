import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { StallRule, StallRuleSetInput } from '../../shared/stall-rules';

export interface StallRuleVersionRow extends StallRuleSetInput {
  version: number;
  note: string | null;
  createdBy: string | null;
  createdByName: string | null;
  createdAt: Date;
}

const VERSION_SELECT = `SELECT v.version, v.tier_a_min_yi AS tierAMinYi, v.tier_b_min_yi AS tierBMinYi,
    v.slip_due_days AS slipDueDays, v.rules, v.note, v.created_by AS createdBy, u.display_name AS createdByName,
    v.created_at AS createdAt
  FROM stall_rule_versions v LEFT JOIN users u ON u.id = v.created_by`;

type RawVersion = Omit<StallRuleVersionRow, 'tierAMinYi' | 'tierBMinYi' | 'rules'> & {
  tierAMinYi: string;
  tierBMinYi: string;
  rules: string | StallRule[];
};

function versionRow(raw: RawVersion): StallRuleVersionRow {
  return {
    ...raw,
    version: Number(raw.version),
    tierAMinYi: Number(raw.tierAMinYi),
    tierBMinYi: Number(raw.tierBMinYi),
    slipDueDays: Number(raw.slipDueDays),
    // mysql2 hands MariaDB's json (a longtext) back as text.
    rules: typeof raw.rules === 'string' ? (JSON.parse(raw.rules) as StallRule[]) : raw.rules,
    createdBy: raw.createdBy === null ? null : String(raw.createdBy),
  };
}

/** The stall rule versions: reference data with no owner unit (everyone reads, administrators write). */
@Injectable()
export class StallRulesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async latest(manager: EntityManager = this.dataSource.manager): Promise<StallRuleVersionRow | null> {
    const [row]: RawVersion[] = await manager.query(`${VERSION_SELECT} ORDER BY v.version DESC LIMIT 1`);
    return row ? versionRow(row) : null;
  }

  /** Locks the version in force for a save (its row only: the creator's user row stays free); null when none. */
  async lockLatestVersion(manager: EntityManager): Promise<number | null> {
    const [row]: Array<{ version: number }> = await manager.query(
      'SELECT version FROM stall_rule_versions ORDER BY version DESC LIMIT 1 FOR UPDATE',
    );
    return row ? Number(row.version) : null;
  }

  /** Newest first, `limit + 1` rows before `beforeVersion`. */
  async versions(beforeVersion: number | undefined, limit: number): Promise<StallRuleVersionRow[]> {
    const rows: RawVersion[] = await this.dataSource.query(
      `${VERSION_SELECT} ${beforeVersion === undefined ? '' : 'WHERE v.version < ?'} ORDER BY v.version DESC LIMIT ?`,
      beforeVersion === undefined ? [limit + 1] : [beforeVersion, limit + 1],
    );
    return rows.map(versionRow);
  }

  /** The version in force: what the other processes poll before reloading. */
  async latestVersion(): Promise<number> {
    const [row]: Array<{ version: number | null }> = await this.dataSource.query(
      'SELECT MAX(version) AS version FROM stall_rule_versions',
    );
    return Number(row.version ?? 0);
  }

  async insert(
    manager: EntityManager,
    version: number,
    input: StallRuleSetInput,
    note: string | null,
    createdBy: string,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO stall_rule_versions (version, tier_a_min_yi, tier_b_min_yi, slip_due_days, rules, note, created_by)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [version, input.tierAMinYi, input.tierBMinYi, input.slipDueDays, JSON.stringify(input.rules), note, createdBy],
    );
  }
}
