import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { UnitRef } from '../../core/auth/jurisdiction-scope';
import type { AuthPrincipal } from '../../core/auth/principal';
import { DomainException } from '../../core/errors/domain.exception';
import { ErrorCode } from '../../core/errors/error-codes';
import type { InvestmentSource } from '../../shared/lead.constants';
import { diffChanges } from '../audit/audit-changes';
import { AuditService } from '../audit/audit.service';
import type { LeadRow } from './dto/lead.mapper';
import type { LeadEffect, LeadInserted, LeadRecordsChanged } from './lead-effects';
import type { LeadNoteEntity, LeadParticipantEntity, ParticipantRole } from './lead-records.entity';
import { LeadChanges, LeadsRepository, LeadValues, LinkageEventValues, StageEventValues } from './leads.repository';
import type { LeadClaimEntity } from './lead-claim.entity';
import { LeadClaimsRepository } from './lead-claims.repository';
import type { Stage } from '../../shared/lead-stages';
import type { ClaimedStage } from '../../shared/signing-confirmation';

/** 409 for a move or a second claim while a claim waits for the unit above (甄别确认). */
export function claimPendingError(leadId: string, claimId: string, field = 'to'): DomainException {
  return new DomainException(
    ErrorCode.Conflict,
    `Lead ${leadId} waits for claim ${claimId} to be confirmed or sent back by the unit above`,
    [{ field, constraint: 'noPendingClaim', message: `claim ${claimId} is pending`, pendingClaimId: claimId }],
  );
}

/** The lead fields every audited write of a lead records (before and after). */
export const AUDITED_FIELDS = [
  'companyId',
  'title',
  'clusterCode',
  'segmentCode',
  'sourceKind',
  'sourceChamberId',
  'sourceVisitId',
  'sourceNote',
  'expectedInvestment',
  'landNeedMu',
  'factoryNeedSqm',
  'categories',
  'regionCode',
  'ownerUserId',
  'nextFollowUpAt',
  'confidential',
  'codeName',
  'stage',
  'stageBeforeHold',
  'siteVisitAt',
  'signedAt',
  'signedAmount',
  'parkId',
  'parkName',
  'constructionStartedAt',
  'producedAt',
  'lostReason',
  'chamberFeedbackGivenAt',
] as const;

export interface LeadChangeOptions {
  /** The audit row's action. */
  action: 'update' | 'transition';
  /** Stage events the change makes, written after the lead row. */
  events?: StageEventValues[];
  /** The fields whose before and after the audit row records; AUDITED_FIELDS by default. */
  auditFields?: readonly string[];
  /**
   * The move enters 签约, 开工 or 投产: it opens a claim (甄别确认) the unit above rules on. Its entries of those
   * stages are marked pending, and the lead's pendingClaimId names it (the effects see it: the deadline starts).
   */
  claim?: ClaimOpening;
  /** What the effects are told changed, when not all of `changes` (an import: only the fields that differ). */
  effectChanges?: LeadChanges;
  /** The error when the lead is no longer at `before.version`; 409 VERSION_CONFLICT with the current version by default. */
  onVersionConflict?: () => Error;
}

/** A claim a move opens: the stages it enters that need confirmation, who rules, and by when. */
export interface ClaimOpening {
  stages: ClaimedStage[];
  fromStage: Stage;
  confirmerRegionCode: string;
  dueAt: Date;
}

/** How a pending claim is ruled: confirmed (it counts), returned (the lead goes back), cancelled (a 撞单 closed it). */
export interface ClaimRuling {
  status: 'confirmed' | 'returned' | 'cancelled';
  /** The confirmer's note or the reason it was sent back. */
  ruling: string | null;
  at: Date;
}

/**
 * The only writer of the `leads` table and its records (stage events, notes, funds, 完成投资, participants, linkage events):
 * every write of a lead goes through here, inside the caller's transaction, as version check → lead row → stage
 * events → audit row → effects, the effects in the one order src/modules/lead-effects.module.ts gives
 * (docs/architecture.md, the lead write path). Callers have already authorised the write.
 */
@Injectable()
export class LeadWriter implements OnApplicationBootstrap {
  private effects?: readonly LeadEffect[];

  constructor(
    private readonly leads: LeadsRepository,
    private readonly claims: LeadClaimsRepository,
    private readonly audit: AuditService,
  ) {}

  /** Called once, by LeadEffectsModule at start; the order of `effects` is the order they run in. */
  setEffects(effects: readonly LeadEffect[]): void {
    if (this.effects) throw new Error('LeadWriter: effects were already set; only LeadEffectsModule sets them');
    this.effects = Object.freeze([...effects]);
  }

  /** A process that would write leads without their effects (conflicts, tasks, fit, analytics) does not start. */
  onApplicationBootstrap(): void {
    this.ordered();
  }

  private ordered(): readonly LeadEffect[] {
    if (!this.effects)
      throw new Error('LeadWriter: no lead effects were set; import LeadEffectsModule into the application module');
    return this.effects;
  }

  /** Inserts a lead with its first stage event and audit row, then runs the effects' afterInsert. */
  async insert(
    manager: EntityManager,
    principal: AuthPrincipal,
    values: LeadValues,
    origin: LeadInserted['origin'],
  ): Promise<string> {
    const effects = this.ordered();
    await this.leads.lockCompany(manager, values.companyId);
    const id = await this.leads.insert(manager, values);
    await this.leads.insertStageEvents(manager, [
      {
        leadId: id,
        fromStage: null,
        toStage: 'lead',
        at: values.stageEnteredAt,
        userId: principal.userId,
        note: null,
        reason: null,
        regionCode: values.regionCode,
        cityCode: values.cityCode,
        clusterCode: values.clusterCode,
      },
    ]);
    await this.audit.record(manager, {
      actor: principal,
      action: 'create',
      entity: 'lead',
      entityId: id,
      unit: values,
      changes: diffChanges(null, values, AUDITED_FIELDS),
    });
    const event: LeadInserted = { manager, principal, origin, lead: (await this.leads.findById(id, manager))! };
    for (const effect of effects) if (effect.afterInsert) await effect.afterInsert(event);
    return id;
  }

  /**
   * Applies `changes` if the lead is still at `before.version` (else 409 VERSION_CONFLICT with the current version),
   * then writes the stage events and the audit row, then runs the effects' afterChange.
   */
  async change(
    manager: EntityManager,
    principal: AuthPrincipal,
    before: LeadRow,
    changes: LeadChanges,
    options: LeadChangeOptions,
  ): Promise<void> {
    const effects = this.ordered();
    const id = String(before.id);
    let events = options.events;
    if (options.claim) {
      const claimId = await this.openClaim(manager, principal, before, options.claim);
      changes = { ...changes, pendingClaimId: claimId };
      // Every entry of the move names the claim (a return undoes them all); the claimed ones wait for it.
      const claimed = options.claim.stages as readonly Stage[];
      events = events?.map((event) => ({
        ...event,
        claimId,
        confirmation: claimed.includes(event.toStage) ? ('pending' as const) : null,
      }));
    }
    if (!(await this.leads.updateIfVersion(manager, id, before.version, changes)))
      throw options.onVersionConflict ? options.onVersionConflict() : await this.versionConflict(id, manager);
    if (events) await this.leads.insertStageEvents(manager, events);
    await this.audit.record(manager, {
      actor: principal,
      action: options.action,
      entity: 'lead',
      entityId: id,
      unit: before,
      changes: diffChanges(before, { ...before, ...changes }, options.auditFields ?? AUDITED_FIELDS),
    });
    await this.runChanged(effects, { manager, principal, before, changes: options.effectChanges ?? changes });
  }

  /**
   * Hands the lead to another unit (an accepted dispatch): a change of the record, so its version moves. The
   * effects run before the audit row here, as they always have: what follows the lead (its open follow-up tasks)
   * moves with it first.
   */
  async moveToUnit(
    manager: EntityManager,
    principal: AuthPrincipal,
    lead: LeadRow,
    unit: UnitRef,
    ownerUserId: string,
  ): Promise<void> {
    const effects = this.ordered();
    await this.leads.moveToUnit(manager, String(lead.id), unit, ownerUserId);
    await this.runChanged(effects, {
      manager,
      principal,
      before: lead,
      changes: { regionCode: unit.regionCode, cityCode: unit.cityCode, ownerUserId },
    });
    await this.audit.record(manager, {
      actor: principal,
      action: 'update',
      entity: 'lead',
      entityId: String(lead.id),
      unit,
      changes: { regionCode: [lead.regionCode, unit.regionCode], ownerUserId: [lead.ownerUserId, ownerUserId] },
    });
  }

  /** A note on the lead, audited; marks activity without a version bump. No effects: no figure reads notes. */
  async addNote(
    manager: EntityManager,
    principal: AuthPrincipal,
    lead: LeadRow,
    note: Pick<LeadNoteEntity, 'body'>,
  ): Promise<string> {
    const leadId = String(lead.id);
    const created = await this.leads.insertNote(manager, { leadId, body: note.body, userId: principal.userId });
    await this.leads.touch(manager, leadId);
    await this.audit.record(manager, {
      actor: principal,
      action: 'create',
      entity: 'lead_note',
      entityId: created,
      unit: lead,
      changes: { leadId: [null, leadId] },
    });
    return created;
  }

  /** Funds received on a signed project, audited, then the effects' afterRecordsChange (the totals move). */
  async addFunds(
    manager: EntityManager,
    principal: AuthPrincipal,
    lead: LeadRow,
    funds: { amount: number; receivedAt: Date; note: string | null },
  ): Promise<string> {
    const effects = this.ordered();
    const leadId = String(lead.id);
    const fundsId = await this.leads.insertFunds(manager, {
      leadId,
      amount: String(funds.amount),
      receivedAt: funds.receivedAt,
      note: funds.note,
      userId: principal.userId,
    });
    await this.audit.record(manager, {
      actor: principal,
      action: 'create',
      entity: 'lead_fund',
      entityId: fundsId,
      unit: lead,
      changes: {
        leadId: [null, leadId],
        amount: [null, funds.amount],
        receivedAt: [null, funds.receivedAt.toISOString()],
      },
    });
    await this.runRecordsChanged(effects, { manager, leadId });
    return fundsId;
  }

  /**
   * Records or corrects a month's 完成投资, audited, then the effects' afterRecordsChange (analytics counts it at its
   * month). A correction must name the version it read. The caller holds the lead's row lock.
   */
  async recordInvestment(
    manager: EntityManager,
    principal: AuthPrincipal,
    lead: LeadRow,
    month: number,
    values: { amount: number; source: InvestmentSource; note: string | null; version?: number },
  ): Promise<{ id: string; version: number }> {
    const effects = this.ordered();
    const leadId = String(lead.id);
    const existing = await this.leads.investmentOf(manager, leadId, month);
    if (!existing && values.version !== undefined) {
      throw new DomainException(ErrorCode.VersionConflict, 'This month’s 完成投资 was removed since you read it', [
        { field: 'version', constraint: 'current', message: 'the month is no longer recorded', currentVersion: null },
      ]);
    }
    if (existing && values.version !== existing.version) {
      throw new DomainException(
        ErrorCode.VersionConflict,
        'This month’s 完成投资 was recorded before; send the version you read to correct it',
        [
          {
            field: 'version',
            constraint: 'current',
            message: `is now ${existing.version}`,
            currentVersion: existing.version,
          },
        ],
      );
    }
    const amount = values.amount.toFixed(4);
    const saved = await this.leads.saveInvestment(manager, leadId, existing, {
      month,
      amount,
      source: values.source,
      note: values.note,
      userId: principal.userId,
    });
    await this.audit.record(manager, {
      actor: principal,
      action: existing ? 'update' : 'create',
      entity: 'lead_investment',
      entityId: saved.id,
      unit: lead,
      changes: {
        ...(existing ? {} : { leadId: [null, leadId], month: [null, month] }),
        amount: [existing ? Number(existing.amount) : null, Number(amount)],
        source: [existing?.source ?? null, values.source],
        note: [existing?.note ?? null, values.note],
      },
    });
    await this.runRecordsChanged(effects, { manager, leadId });
    return saved;
  }

  /**
   * Removes a month's 完成投资 (audited before it goes, so the entry still names its lead); false when none. The
   * caller holds the lead's row lock.
   */
  async removeInvestment(
    manager: EntityManager,
    principal: AuthPrincipal,
    lead: LeadRow,
    month: number,
  ): Promise<boolean> {
    const effects = this.ordered();
    const leadId = String(lead.id);
    const existing = await this.leads.investmentOf(manager, leadId, month);
    if (!existing) return false;
    await this.audit.record(manager, {
      actor: principal,
      action: 'delete',
      entity: 'lead_investment',
      entityId: existing.id,
      unit: lead,
      changes: {
        leadId: [leadId, null],
        month: [month, null],
        amount: [Number(existing.amount), null],
        source: [existing.source, null],
        note: [existing.note, null],
      },
    });
    await this.leads.deleteInvestment(manager, leadId, existing);
    await this.runRecordsChanged(effects, { manager, leadId });
    return true;
  }

  /**
   * Rules the lead's pending claim (甄别确认), audited, inside the caller's transaction; the caller holds the lead's
   * row lock and has checked who may rule. Confirmed: its entries count. Returned: they never happened and the lead
   * goes back to where it was, the reason on its timeline. Cancelled: a 撞单 ruling closes the lead (the caller's
   * change clears pendingClaimId). A claim ruled meanwhile is 409 VERSION_CONFLICT.
   */
  async ruleClaim(
    manager: EntityManager,
    principal: AuthPrincipal,
    lead: LeadRow,
    claim: Pick<LeadClaimEntity, 'id' | 'version' | 'fromStage' | 'stages'>,
    ruling: ClaimRuling,
  ): Promise<void> {
    const claimId = String(claim.id);
    const ruledBy = ruling.status === 'cancelled' ? null : principal.userId;
    if (!(await this.claims.rule(manager, claimId, claim.version, { ...ruling, ruledBy }))) {
      throw new DomainException(ErrorCode.VersionConflict, `Claim ${claimId} was ruled or changed since you read it`, [
        { field: 'version', constraint: 'current', message: 'reload the claim' },
      ]);
    }
    await this.leads.setClaimConfirmation(
      manager,
      String(lead.id),
      claimId,
      ruling.status === 'confirmed' ? 'confirmed' : 'returned',
    );
    await this.audit.record(manager, {
      actor: principal,
      action: 'update',
      entity: 'lead_claim',
      entityId: claimId,
      unit: lead,
      changes: { status: ['pending', ruling.status], ruling: [null, ruling.ruling] },
    });
    await this.leads.insertLinkageEvent(manager, {
      leadId: String(lead.id),
      kind: `claim_${ruling.status}`,
      userId: ruledBy,
      data: { claimId, stages: claim.stages, fromStage: claim.fromStage, reason: ruling.ruling },
      at: ruling.at,
    });
    if (ruling.status === 'cancelled') return;
    const changes: LeadChanges = { pendingClaimId: null, lastActivityAt: ruling.at };
    let events: StageEventValues[] | undefined;
    if (ruling.status === 'returned') {
      Object.assign(changes, { stage: claim.fromStage, stageEnteredAt: ruling.at, stageBeforeHold: null });
      events = [
        {
          leadId: String(lead.id),
          fromStage: lead.stage,
          toStage: claim.fromStage,
          at: ruling.at,
          userId: principal.userId,
          note: null,
          reason: ruling.ruling,
          regionCode: lead.regionCode,
          cityCode: lead.cityCode,
          clusterCode: lead.clusterCode,
        },
      ];
    }
    await this.change(manager, principal, lead, changes, { action: 'transition', events });
  }

  /** A claim's deadline passed (DeadlineRunner): the claim shows how late it is. */
  markClaimOverdue(manager: EntityManager, claimId: string, level: number, at: Date): Promise<void> {
    return this.claims.markOverdue(manager, claimId, level, at);
  }

  /**
   * Writes the claim a move opens, after checking under the lead's row lock that nothing else waits on it: a
   * pending dispatch would hand the lead to a unit whose superior is not the one asked to confirm.
   */
  private async openClaim(
    manager: EntityManager,
    principal: AuthPrincipal,
    lead: LeadRow,
    claim: ClaimOpening,
  ): Promise<string> {
    const pending = await this.leads.lockPending(manager, String(lead.id));
    if (pending?.pendingDispatchId) {
      throw new DomainException(
        ErrorCode.Conflict,
        `Lead ${lead.id} waits for dispatch ${pending.pendingDispatchId}; a claim can be made once it is answered`,
        [
          {
            field: 'to',
            constraint: 'noPendingDispatch',
            message: `dispatch ${pending.pendingDispatchId} is pending`,
            pendingDispatchId: pending.pendingDispatchId,
          },
        ],
      );
    }
    if (pending?.pendingClaimId) throw claimPendingError(String(lead.id), pending.pendingClaimId);
    const claimId = await this.claims.insert(manager, {
      leadId: String(lead.id),
      regionCode: lead.regionCode,
      cityCode: lead.cityCode,
      confirmerRegionCode: claim.confirmerRegionCode,
      fromStage: claim.fromStage,
      stages: claim.stages,
      claimedBy: principal.userId,
      claimedAt: new Date(),
      dueAt: claim.dueAt,
    });
    await this.audit.record(manager, {
      actor: principal,
      action: 'create',
      entity: 'lead_claim',
      entityId: claimId,
      unit: lead,
      changes: {
        leadId: [null, String(lead.id)],
        stages: [null, claim.stages],
        confirmerRegionCode: [null, claim.confirmerRegionCode],
      },
    });
    return claimId;
  }

  /** Marks activity on the lead (a visit logged on it) without a version bump: the visit is a record of its own. */
  touch(manager: EntityManager, leadId: string): Promise<void> {
    return this.leads.touch(manager, leadId);
  }

  // Derived columns: computed by the system, not a user's change of the lead, so no audit row, no version bump and
  // no updated_at (lists sorted by last change do not reorder), and no effects.

  /**
   * Claims a stall episode's warning level for a lead still at `lastActivityAt`; false when another watcher claimed
   * it first or the lead moved on.
   */
  claimStallLevel(manager: EntityManager, leadId: string, lastActivityAt: Date, level: number): Promise<boolean> {
    return this.leads.claimStallLevel(manager, leadId, lastActivityAt, level);
  }

  /**
   * The stall rules' release (回收): a lead idle past its drop step leaves its owner for the unit's pool, once per
   * episode (stall level 3), audited as the system's change. False when the lead moved on or has another owner.
   * No effect runs: only the owner changes, and the unit's managers assign a new one (who takes the follow-up).
   */
  async releaseStalledOwner(
    manager: EntityManager,
    lead: { id: string; regionCode: string; cityCode: string | null; lastActivityAt: Date; ownerUserId: string },
  ): Promise<boolean> {
    if (!(await this.leads.releaseStalledOwner(manager, lead.id, lead.lastActivityAt, lead.ownerUserId))) return false;
    await this.audit.record(manager, {
      actor: null,
      action: 'update',
      entity: 'lead',
      entityId: lead.id,
      unit: lead,
      changes: { ownerUserId: [lead.ownerUserId, null] },
    });
    return true;
  }

  /** The lead's best park fit, inside the lead write that changed its inputs. */
  setFit(manager: EntityManager, leadId: string, fit: { score: number | null; summary: string }): Promise<void> {
    return this.leads.setFit(manager, leadId, fit);
  }

  /** Leads' fit from a refresh over all open leads, each only if the lead is still at the version scored. */
  setFitsUnscoped(fits: Array<{ id: string; version: number; score: number | null; summary: string }>): Promise<void> {
    return this.leads.setFits(fits);
  }

  // Linkage state (撞单, dispatches, participants): recorded and audited by the linkage module in its own terms;
  // the lead's fields users edit do not change, so no version bump and no effects.

  /** Serialises the registrations and moves of one company's leads (see LeadsRepository.lockCompany). */
  lockCompany(manager: EntityManager, companyId: string): Promise<void> {
    return this.leads.lockCompany(manager, companyId);
  }

  setInConflict(manager: EntityManager, leadIds: string[], inConflict: boolean): Promise<void> {
    return this.leads.setInConflict(manager, leadIds, inConflict);
  }

  claimPendingDispatch(manager: EntityManager, leadId: string, dispatchId: string): Promise<boolean> {
    return this.leads.claimPendingDispatch(manager, leadId, dispatchId);
  }

  clearPendingDispatch(manager: EntityManager, leadId: string, dispatchId: string): Promise<void> {
    return this.leads.clearPendingDispatch(manager, leadId, dispatchId);
  }

  addParticipant(
    manager: EntityManager,
    values: Pick<LeadParticipantEntity, 'leadId' | 'regionCode' | 'cityCode' | 'role' | 'note' | 'addedBy'>,
  ): Promise<boolean> {
    return this.leads.addParticipant(manager, values);
  }

  removeParticipant(
    manager: EntityManager,
    leadId: string,
    regionCode: string,
    role: ParticipantRole,
  ): Promise<boolean> {
    return this.leads.removeParticipant(manager, leadId, regionCode, role);
  }

  insertLinkageEvent(manager: EntityManager, event: LinkageEventValues): Promise<void> {
    return this.leads.insertLinkageEvent(manager, event);
  }

  private async runRecordsChanged(effects: readonly LeadEffect[], event: LeadRecordsChanged): Promise<void> {
    for (const effect of effects) if (effect.afterRecordsChange) await effect.afterRecordsChange(event);
  }

  private async runChanged(
    effects: readonly LeadEffect[],
    event: Parameters<NonNullable<LeadEffect['afterChange']>>[0],
  ) {
    for (const effect of effects) if (effect.afterChange) await effect.afterChange(event);
  }

  private async versionConflict(id: string, manager: EntityManager): Promise<DomainException> {
    return DomainException.versionConflict('Lead', id, await this.leads.currentVersion(id, manager));
  }
}
export type { LeadChanges, LeadValues } from './leads.repository';
