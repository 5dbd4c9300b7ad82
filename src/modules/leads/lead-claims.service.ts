import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { isBelow, JurisdictionScope, UnitRef } from '../../core/auth/jurisdiction-scope';
import { GUANGXI_REGION_CODE } from '../regions/region-units';
import type { AuthPrincipal } from '../../core/auth/principal';
import { decodeKeyCursor, PageQueryDto, toPage } from '../../core/common/pagination';
import { DomainException } from '../../core/errors/domain.exception';
import { ErrorCode } from '../../core/errors/error-codes';
import { STAGE_NAMES } from '../../shared/lead-stages';
import {
  CLAIMED_STAGES,
  CONFIRMATION_REQUIREMENT_NAMES,
  DEFAULT_CONFIRMATION_RULES,
  missingRequirements,
} from '../../shared/signing-confirmation';
import type { ClaimedStage, ConfirmationRequirement } from '../../shared/signing-confirmation';
import { AuditService } from '../audit/audit.service';
import { NotificationsService } from '../notifications/notifications.service';
import { leadLabel, leadNameFor, LeadRow } from './dto/lead.mapper';
import {
  ClaimConfirmDto,
  ClaimListQueryDto,
  ClaimReturnDto,
  ConfirmationRuleDto,
  ConfirmationRuleListDto,
  ConfirmationRulePutDto,
  LeadClaimDto,
  LeadClaimPageDto,
} from './dto/lead-claim.dto';
import type { LeadClaimEntity } from './lead-claim.entity';
import { LeadClaimsRepository, ListedClaim } from './lead-claims.repository';
import { LeadWriter } from './lead-writer';
import { LeadsRepository } from './leads.repository';
import { LeadsService } from './leads.service';

type Rules = Record<ClaimedStage, readonly ConfirmationRequirement[]>;

/** A unit by its code: the region, a city, or (never a confirmer) a county. */
const unitByCode = (code: string): UnitRef =>
  code === GUANGXI_REGION_CODE ? { regionCode: code, cityCode: null } : { regionCode: code, cityCode: code };

/**
 * Who rules on a claim: a manager of the confirming unit, not the claimant; once the claim is overdue (escalated
 * by its deadline), also the managers of the units above it, so a unit without a manager cannot hold a project.
 */
function mayRule(principal: AuthPrincipal, claim: LeadClaimEntity): boolean {
  if (principal.role !== 'manager') return false;
  if (claim.claimedBy !== null && String(claim.claimedBy) === principal.userId) return false;
  if (principal.regionCode === claim.confirmerRegionCode) return true;
  return claim.overdueLevel > 0 && isBelow(unitByCode(claim.confirmerRegionCode), principal);
}
const stagesText = (stages: readonly ClaimedStage[]): string => stages.map((stage) => STAGE_NAMES[stage]).join('、');

/**
 * 甄别确认 (docs/domain.md "Signing confirmation"): the claims that moves into 签约, 开工 and 投产 open, ruled on by
 * the managers of the unit above the holder (the region's own by a region manager who did not claim it), and the
 * rules of what a claim must show before it is confirmed.
 */
@Injectable()
export class LeadClaimsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly leads: LeadsService,
    private readonly leadRows: LeadsRepository,
    private readonly claims: LeadClaimsRepository,
    private readonly writer: LeadWriter,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
  ) {}

  async list(principal: AuthPrincipal, query: ClaimListQueryDto): Promise<LeadClaimPageDto> {
    const scope = JurisdictionScope.forPrincipal(principal);
    const before = query.cursor ? decodeKeyCursor(query.cursor) : undefined;
    const filter = {
      status: query.status,
      confirmerRegionCode: query.ruledBy === 'mine' ? principal.regionCode : undefined,
    };
    const claims = this.claims.scoped(scope);
    const [rows, rules, total] = await Promise.all([
      claims.list(filter, before, query.limit + 1),
      this.rulesInForce(),
      query.withTotal ? claims.count(filter) : Promise.resolve(undefined),
    ]);
    return toPage(
      rows,
      query.limit,
      (row) => [String(row.id)],
      (row) => this.toDto(principal, row, rules),
      total,
    );
  }

  async get(principal: AuthPrincipal, id: string): Promise<LeadClaimDto> {
    return this.toDto(principal, await this.requireVisible(principal, id), await this.rulesInForce());
  }

  /** A lead's claims, newest first: its confirmation history, for anyone who sees the lead. */
  async forLead(principal: AuthPrincipal, leadId: string, query: PageQueryDto): Promise<LeadClaimPageDto> {
    await this.leads.requireVisible(principal, leadId);
    const before = query.cursor ? decodeKeyCursor(query.cursor) : undefined;
    const [rows, rules] = await Promise.all([
      // The caller sees the lead (checked above): its claims go with it, whichever unit made them.
      this.claims.forLeadUnscoped(leadId, before, query.limit + 1),
      this.rulesInForce(),
    ]);
    return toPage(
      rows,
      query.limit,
      (row) => [String(row.id)],
      (row) => this.toDto(principal, row, rules),
    );
  }

  /** Confirms a claim: its stages count from the dates they were entered. 409 naming what the lead still lacks. */
  async confirm(principal: AuthPrincipal, id: string, dto: ClaimConfirmDto): Promise<LeadClaimDto> {
    const visible = await this.requireVisible(principal, id);
    this.requireRuler(principal, visible);
    await this.dataSource.transaction(async (manager) => {
      const { lead, claim } = await this.lockedPending(manager, visible, dto.version);
      const missing = missingRequirements(await this.rulesInForce(manager), claim.stages, lead);
      if (missing.length > 0) {
        throw new DomainException(
          ErrorCode.Conflict,
          `The claim cannot be confirmed yet; the project lacks: ${missing.join(', ')}`,
          missing.map((requirement) => ({
            field: requirement,
            constraint: 'confirmationRequirement',
            message: `${CONFIRMATION_REQUIREMENT_NAMES[requirement]} is required to confirm ${claim.stages.join(', ')}`,
          })),
        );
      }
      await this.writer.ruleClaim(manager, principal, lead, claim, {
        status: 'confirmed',
        ruling: dto.note ?? null,
        at: new Date(),
      });
      await this.tellHolder(manager, lead, claim, {
        kind: 'claim_confirmed',
        title: `${stagesText(claim.stages)}已确认：${leadLabel(lead)}`,
        body: dto.note ? `甄别意见：${dto.note}` : null,
      });
    });
    return this.get(principal, id);
  }

  /** Sends a claim back: the lead returns to the stage it left, the reason on its timeline and told to its holder. */
  async sendBack(principal: AuthPrincipal, id: string, dto: ClaimReturnDto): Promise<LeadClaimDto> {
    const visible = await this.requireVisible(principal, id);
    this.requireRuler(principal, visible);
    await this.dataSource.transaction(async (manager) => {
      const { lead, claim } = await this.lockedPending(manager, visible, dto.version);
      await this.writer.ruleClaim(manager, principal, lead, claim, {
        status: 'returned',
        ruling: dto.reason,
        at: new Date(),
      });
      await this.tellHolder(manager, lead, claim, {
        kind: 'claim_returned',
        title: `${stagesText(claim.stages)}被退回：${leadLabel(lead)}`,
        body: `退回原因：${dto.reason}。项目已回到「${STAGE_NAMES[claim.fromStage]}」，补齐后可重新申报。`,
      });
    });
    return this.get(principal, id);
  }

  async rules(): Promise<ConfirmationRuleListDto> {
    const saved = new Map((await this.claims.rules()).map((rule) => [rule.stage, rule]));
    return {
      items: CLAIMED_STAGES.map((stage): ConfirmationRuleDto => {
        const rule = saved.get(stage);
        return {
          stage,
          requirements: rule ? rule.requirements : [...DEFAULT_CONFIRMATION_RULES[stage]],
          isDefault: !rule,
          version: rule?.version ?? 0,
          updatedAt: rule ? rule.updatedAt.toISOString() : null,
        };
      }),
    };
  }

  async putRule(
    principal: AuthPrincipal,
    stage: ClaimedStage,
    dto: ConfirmationRulePutDto,
  ): Promise<ConfirmationRuleDto> {
    const before = (await this.rules()).items.find((item) => item.stage === stage)!;
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.claims.saveRule(manager, stage, dto.requirements, dto.version, principal.userId)))
        throw DomainException.versionConflict('Confirmation rule', stage, before.version);
      await this.audit.record(manager, {
        actor: principal,
        action: 'update',
        entity: 'confirmation_rule',
        entityId: stage,
        unit: null,
        changes: { requirements: [before.requirements, dto.requirements] },
      });
    });
    return (await this.rules()).items.find((item) => item.stage === stage)!;
  }

  /** The claim if it was made inside the caller's jurisdiction; 404 like a missing one otherwise. */
  private async requireVisible(principal: AuthPrincipal, id: string): Promise<ListedClaim> {
    if (principal.role === 'resident') throw DomainException.notFound('Claim', id);
    const claim = await this.claims.scoped(JurisdictionScope.forPrincipal(principal)).findById(id);
    if (!claim) throw DomainException.notFound('Claim', id);
    return claim;
  }

  private requireRuler(principal: AuthPrincipal, claim: LeadClaimEntity): void {
    if (!mayRule(principal, claim))
      throw new DomainException(
        ErrorCode.Forbidden,
        claim.claimedBy !== null && String(claim.claimedBy) === principal.userId
          ? 'A claim is ruled on by someone other than its claimant'
          : `Only a manager of ${claim.confirmerRegionCode}, the unit above the holder, rules on this claim (once it is overdue, also the units it was escalated to)`,
      );
  }

  /** The lead and its claim under their row locks (lead first, as every lead write), still pending at `version`. */
  private async lockedPending(
    manager: EntityManager,
    visible: LeadClaimEntity,
    version: number,
  ): Promise<{ lead: LeadRow; claim: LeadClaimEntity }> {
    const lead = await this.leadRows.findById(String(visible.leadId), manager, true);
    // The claim was found in the caller's jurisdiction just now; this is its re-read under lock.
    const claim = await this.claims.lockUnscoped(manager, String(visible.id));
    if (!lead || !claim) throw DomainException.notFound('Claim', String(visible.id));
    if (claim.status !== 'pending')
      throw new DomainException(ErrorCode.Conflict, `Claim ${claim.id} was already ${claim.status}`, [
        { field: 'id', constraint: 'pendingClaim', message: `is ${claim.status}` },
      ]);
    if (claim.version !== version) throw DomainException.versionConflict('Claim', String(claim.id), claim.version);
    return { lead, claim };
  }

  private async tellHolder(
    manager: EntityManager,
    lead: LeadRow,
    claim: LeadClaimEntity,
    message: { kind: string; title: string; body: string | null },
  ): Promise<void> {
    await this.notifications.notifyUnits(
      manager,
      [{ regionCode: lead.regionCode, cityCode: lead.cityCode }],
      ['officer'],
      {
        ...message,
        leadId: String(lead.id),
        subjectKind: 'lead_claim',
        subjectId: String(claim.id),
        dedupeKey: `${message.kind}:${claim.id}`,
      },
      [lead.ownerUserId, claim.claimedBy].filter((id): id is string => id !== null).map(String),
    );
  }

  private async rulesInForce(manager?: EntityManager): Promise<Rules> {
    const rules: Rules = { ...DEFAULT_CONFIRMATION_RULES };
    for (const rule of await this.claims.rules(manager)) rules[rule.stage] = rule.requirements;
    return rules;
  }

  private toDto(principal: AuthPrincipal, claim: ListedClaim, rules: Rules): LeadClaimDto {
    const viewer = JurisdictionScope.forPrincipal(principal);
    const lead = {
      title: claim.leadTitle,
      confidential: claim.leadConfidential,
      codeName: claim.leadCodeName,
      regionCode: claim.leadRegionCode,
      cityCode: claim.leadCityCode,
    };
    const pending = claim.status === 'pending';
    return {
      id: String(claim.id),
      leadId: String(claim.leadId),
      leadTitle: leadNameFor(viewer, lead),
      leadStage: claim.leadStage,
      regionCode: claim.regionCode,
      regionName: claim.regionName,
      confirmerRegionCode: claim.confirmerRegionCode,
      confirmerName: claim.confirmerName,
      fromStage: claim.fromStage,
      stages: claim.stages,
      status: claim.status,
      claimedBy: claim.claimedBy === null ? null : String(claim.claimedBy),
      claimedByName: claim.claimedByName,
      claimedAt: claim.claimedAt.toISOString(),
      dueAt: claim.dueAt ? claim.dueAt.toISOString() : null,
      ruledBy: claim.ruledBy === null ? null : String(claim.ruledBy),
      ruledByName: claim.ruledByName,
      ruledAt: claim.ruledAt ? claim.ruledAt.toISOString() : null,
      ruling: claim.ruling,
      migrated: Boolean(claim.migrated),
      overdueLevel: claim.overdueLevel,
      missing: pending ? missingRequirements(rules, claim.stages, claim.leadFacts) : [],
      canRule: pending && mayRule(principal, claim),
      version: claim.version,
    };
  }
}
