import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository, SelectQueryBuilder } from 'typeorm';
import type { JurisdictionScope } from '../../core/auth/jurisdiction-scope';
import type {
  ClaimedStage,
  ClaimStatus,
  ConfirmationFacts,
  ConfirmationRequirement,
} from '../../shared/signing-confirmation';
import { ConfirmationRuleEntity, LeadClaimEntity } from './lead-claim.entity';

/** A claim as its lists show it: with its lead's label and the names of the people and units it involves. */
export interface ListedClaim extends LeadClaimEntity {
  leadTitle: string;
  leadConfidential: boolean;
  leadCodeName: string | null;
  leadRegionCode: string;
  leadCityCode: string | null;
  leadStage: string;
  claimedByName: string | null;
  ruledByName: string | null;
  regionName: string | null;
  confirmerName: string | null;
  /** What the confirmation rules are checked against, as the lead is now. */
  leadFacts: ConfirmationFacts;
}

export interface ClaimFilter {
  status?: ClaimStatus;
  /** Only the claims this unit rules on (a manager's 待确认 inbox). */
  confirmerRegionCode?: string;
  leadId?: string;
}

/** The claim rows (甄别确认) and the confirmation rules; written only through LeadWriter and LeadClaimsService. */
@Injectable()
export class LeadClaimsRepository {
  constructor(@InjectRepository(LeadClaimEntity) private readonly claims: Repository<LeadClaimEntity>) {}

  /** The claim reads of a jurisdiction: claims made by a unit inside it (docs/architecture.md "Jurisdiction"). */
  scoped(scope: JurisdictionScope) {
    return {
      findById: async (id: string): Promise<ListedClaim | null> => {
        const [claim] = await this.listed(scope, {}, undefined, 1, id);
        return claim ?? null;
      },
      list: (filter: ClaimFilter, beforeId: string | undefined, limit: number) =>
        this.listed(scope, filter, beforeId, limit),
      count: (filter: ClaimFilter) => {
        const query = this.claims.createQueryBuilder('c');
        scope.applyTo(query, 'c');
        return this.filtered(query, filter).getCount();
      },
    };
  }

  /** Any jurisdiction: the lead's claims, for a caller already allowed to see the lead. */
  forLeadUnscoped(leadId: string, beforeId: string | undefined, limit: number): Promise<ListedClaim[]> {
    return this.listed(null, { leadId }, beforeId, limit);
  }

  /** Any jurisdiction, under a row lock: the claim a ruling or a deadline is about to act on. */
  lockUnscoped(manager: EntityManager, id: string): Promise<LeadClaimEntity | null> {
    return manager.findOne(LeadClaimEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Any jurisdiction: a claim read by a deadline job, which acts for no user. */
  findByIdUnscoped(id: string, manager?: EntityManager): Promise<LeadClaimEntity | null> {
    return (manager ?? this.claims.manager).findOne(LeadClaimEntity, { where: { id } });
  }

  async insert(
    manager: EntityManager,
    values: Pick<
      LeadClaimEntity,
      | 'leadId'
      | 'regionCode'
      | 'cityCode'
      | 'confirmerRegionCode'
      | 'fromStage'
      | 'stages'
      | 'claimedBy'
      | 'claimedAt'
      | 'dueAt'
    >,
  ): Promise<string> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(LeadClaimEntity)
      .values({ ...values, status: 'pending', version: 1 } as never)
      .updateEntity(false)
      .execute();
    return String(result.raw.insertId);
  }

  /** Rules a pending claim; false when it was ruled (or changed) since `version` was read. */
  async rule(
    manager: EntityManager,
    id: string,
    version: number,
    ruling: { status: Exclude<ClaimStatus, 'pending'>; ruledBy: string | null; ruling: string | null; at: Date },
  ): Promise<boolean> {
    const result = await manager.query(
      `UPDATE lead_claims SET status = ?, ruled_by = ?, ruled_at = ?, ruling = ?, version = version + 1
        WHERE id = ? AND status = 'pending' AND version = ?`,
      [ruling.status, ruling.ruledBy, ruling.at, ruling.ruling, id, version],
    );
    return Number(result.affectedRows) === 1;
  }

  async markOverdue(manager: EntityManager, id: string, level: number, at: Date): Promise<void> {
    await manager.query(
      "UPDATE lead_claims SET overdue_level = GREATEST(overdue_level, ?), overdue_at = COALESCE(overdue_at, ?) WHERE id = ? AND status = 'pending'",
      [level, at, id],
    );
  }

  /** The administrators' rules, by stage (a stage without a row uses its default). */
  async rules(manager?: EntityManager): Promise<ConfirmationRuleEntity[]> {
    return (manager ?? this.claims.manager).find(ConfirmationRuleEntity);
  }

  /** Saves a stage's rule if it is still at `version` (0: none saved yet); false when someone saved it meanwhile. */
  async saveRule(
    manager: EntityManager,
    stage: ClaimedStage,
    requirements: ConfirmationRequirement[],
    version: number,
    userId: string,
  ): Promise<boolean> {
    const json = JSON.stringify(requirements);
    const result =
      version === 0
        ? await manager.query(
            'INSERT IGNORE INTO confirmation_rules (stage, requirements, updated_by, version) VALUES (?, ?, ?, 1)',
            [stage, json, userId],
          )
        : await manager.query(
            'UPDATE confirmation_rules SET requirements = ?, updated_by = ?, version = version + 1 WHERE stage = ? AND version = ?',
            [json, userId, stage, version],
          );
    return Number(result.affectedRows) === 1;
  }

  private filtered<Q extends SelectQueryBuilder<LeadClaimEntity>>(query: Q, filter: ClaimFilter): Q {
    if (filter.status) query.andWhere('c.status = :status', { status: filter.status });
    if (filter.confirmerRegionCode)
      query.andWhere('c.confirmer_region_code = :confirmer', { confirmer: filter.confirmerRegionCode });
    if (filter.leadId) query.andWhere('c.lead_id = :leadId', { leadId: filter.leadId });
    return query;
  }

  /** Claims, newest first, with the names a list shows, in one statement (primary-key joins only). */
  private async listed(
    scope: JurisdictionScope | null,
    filter: ClaimFilter,
    beforeId: string | undefined,
    limit: number,
    id?: string,
  ): Promise<ListedClaim[]> {
    const query = this.claims
      .createQueryBuilder('c')
      .innerJoin('leads', 'l', 'l.id = c.lead_id')
      .leftJoin('users', 'claimant', 'claimant.id = c.claimed_by')
      .leftJoin('users', 'ruler', 'ruler.id = c.ruled_by')
      .leftJoin('regions', 'unit', 'unit.code = c.region_code')
      .leftJoin('regions', 'confirmer', 'confirmer.code = c.confirmer_region_code')
      .addSelect([
        'l.title AS lead_title',
        'l.confidential AS lead_confidential',
        'l.code_name AS lead_code_name',
        'l.region_code AS lead_region_code',
        'l.city_code AS lead_city_code',
        'l.stage AS lead_stage',
        'l.signed_at AS lead_signed_at',
        'l.signed_amount AS lead_signed_amount',
        'l.park_id AS lead_park_id',
        'l.park_name AS lead_park_name',
        'l.expected_investment AS lead_expected_investment',
        'l.construction_started_at AS lead_construction_started_at',
        'l.produced_at AS lead_produced_at',
        'claimant.display_name AS claimant_name',
        'ruler.display_name AS ruler_name',
        'unit.name AS unit_name',
        'confirmer.name AS confirmer_name',
      ])
      .orderBy('c.id', 'DESC')
      .limit(limit);
    if (scope) scope.applyTo(query, 'c');
    if (id) query.andWhere('c.id = :id', { id });
    this.filtered(query, filter);
    if (beforeId) query.andWhere('c.id < :beforeId', { beforeId });
    const { entities, raw } = await query.getRawAndEntities();
    return entities.map((claim, index) => {
      const row = raw[index] as Record<string, unknown>;
      return {
        ...claim,
        leadTitle: String(row.lead_title),
        leadConfidential: Boolean(Number(row.lead_confidential)),
        leadCodeName: (row.lead_code_name as string | null) ?? null,
        leadRegionCode: String(row.lead_region_code),
        leadCityCode: (row.lead_city_code as string | null) ?? null,
        leadStage: String(row.lead_stage),
        claimedByName: (row.claimant_name as string | null) ?? null,
        ruledByName: (row.ruler_name as string | null) ?? null,
        regionName: (row.unit_name as string | null) ?? null,
        confirmerName: (row.confirmer_name as string | null) ?? null,
        leadFacts: {
          signedAt: row.lead_signed_at,
          signedAmount: row.lead_signed_amount,
          parkId: row.lead_park_id,
          parkName: row.lead_park_name,
          expectedInvestment: row.lead_expected_investment,
          constructionStartedAt: row.lead_construction_started_at,
          producedAt: row.lead_produced_at,
        },
      };
    });
  }
}
