import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { JurisdictionScope, parentUnit, UnitRef, unitOf } from '../../core/auth/jurisdiction-scope';
import type { AuthPrincipal } from '../../core/auth/principal';
import { planDeadline } from '../../core/common/deadline-calendar';
import type { DeadlineRules } from '../../core/common/deadline-calendar';
import { decodeCursor, Page, toPage } from '../../core/common/pagination';
import { InjectDeadlineRules } from '../../core/config/config.module';
import { onReplica } from '../../core/database/replica-reads';
import { DomainException } from '../../core/errors/domain.exception';
import { ErrorCode } from '../../core/errors/error-codes';
import { ClusterCodes } from '../clusters/cluster-codes';
import { CompaniesRepository } from '../companies/companies.repository';
import { RegionUnits } from '../regions/region-units';
import { UsersRepository } from '../users/users.repository';
import {
  BOARD_STAGES,
  LeadBoardDto,
  LeadBoardQueryDto,
  LeadCreateDto,
  LeadFundCreateDto,
  LeadListQueryDto,
  LeadSort,
  LeadNoteCreateDto,
  LeadResponseDto,
  LeadTransitionDto,
  LeadUpdateDto,
  TimelineEntryDto,
  TimelineQueryDto,
} from './dto/lead.dto';
import { leadNameFor, LeadRow, mapLead } from './dto/lead.mapper';
import { LeadAccess, leadAccessFor, reachesVisit } from './lead-access';
import { StallRulesService } from '../stall-rules/stall-rules.service';
import { AUDITED_FIELDS, claimPendingError, ClaimOpening, LeadWriter } from './lead-writer';
import { LeadClaimsRepository } from './lead-claims.repository';
import { isClaimedStage } from '../../shared/signing-confirmation';
import { LeadChanges, LeadCursor, LeadFilter, LeadsRepository, LeadValues, TimelineRow } from './leads.repository';
import {
  allowedTransitions,
  isSigned,
  missingFields,
  planTransition,
  TransitionPlan,
  REQUIRED_FIELDS,
  Stage,
  STAGE_NAMES,
} from '../../shared/lead-stages';

const DAY_MS = 24 * 3600 * 1000;
/** The timeline data keys that point at another lead (撞单 entries). */
const LINKED_LEAD_KEYS = ['otherLeadId', 'winnerLeadId'] as const;
/** Clock skew a phone or browser may have when it says when something happened. */
const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

/** The lost reason of a lead closed by a 撞单 ruling. */
export const CONFLICT_LOST_REASON = 'conflict';

const STAGE_FIELDS = [
  'siteVisitAt',
  'signedAt',
  'signedAmount',
  'parkId',
  'parkName',
  'constructionStartedAt',
  'producedAt',
] as const;
type StageField = (typeof STAGE_FIELDS)[number];

const decimal = (value: number | null | undefined): string | null =>
  value === undefined || value === null ? null : String(value);
const date = (value: string | null | undefined): Date | null => (value ? new Date(value) : null);

/** The filters of a lead list (GET /leads, its export and the board), without paging. */
type LeadFilterQuery = Omit<LeadListQueryDto, 'limit' | 'cursor' | 'withTotal'>;

/** Board columns read at once: each is a list and a count on connections of their own (the pool holds 20). */
const BOARD_STAGES_AT_ONCE = 3;

/** The lead pipeline: registration, edits, stage transitions, notes, funds and the timeline; every write audited. */
@Injectable()
export class LeadsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly leads: LeadsRepository,
    private readonly companies: CompaniesRepository,
    private readonly users: UsersRepository,
    private readonly clusterCodes: ClusterCodes,
    private readonly regionUnits: RegionUnits,
    private readonly writer: LeadWriter,
    @InjectDeadlineRules() private readonly deadlineRules: DeadlineRules,
    private readonly stallRules: StallRulesService,
    private readonly claims: LeadClaimsRepository,
  ) {}

  /** A lead as `scope` sees it, with its health judged now. */
  private toDto(row: LeadRow, scope: JurisdictionScope, participant = false): LeadResponseDto {
    return mapLead(row, scope, { participant, stall: this.stallRules.judge() });
  }

  async list(principal: AuthPrincipal, query: LeadListQueryDto): Promise<Page<LeadResponseDto>> {
    const access = leadAccessFor(principal);
    const sort = query.sort ?? 'updatedAt';
    const after = query.cursor ? this.leadCursor(query.cursor, sort) : undefined;
    return this.pageFor(access, await this.filterOf(query), sort, after, query.limit, query.withTotal ?? false);
  }

  /**
   * The kanban: for each stage, the first page GET /leads?stage=… would answer for the same filters and sort, with
   * its total. Each column is the list's own read (list and count per stage, all at once); a column's nextCursor is a
   * cursor of that list.
   */
  async board(principal: AuthPrincipal, query: LeadBoardQueryDto): Promise<LeadBoardDto> {
    const access = leadAccessFor(principal);
    const filter = await this.filterOf(query);
    const sort = query.sort ?? 'updatedAt';
    const columns: LeadBoardDto['columns'] = [];
    // A few stages at a time (each takes two connections), so one board does not take the whole pool.
    for (let at = 0; at < BOARD_STAGES.length; at += BOARD_STAGES_AT_ONCE) {
      const stages = BOARD_STAGES.slice(at, at + BOARD_STAGES_AT_ONCE);
      const pages = await Promise.all(
        stages.map((stage) =>
          this.pageFor(access, { ...filter, stages: [stage] }, sort, undefined, query.perStage, true),
        ),
      );
      pages.forEach((page, index) =>
        columns.push({ stage: stages[index], items: page.items, total: page.total ?? 0, nextCursor: page.nextCursor }),
      );
    }
    return { columns };
  }

  /** One page of the lead list as `access` sees it (with the total when asked). */
  private async pageFor(
    access: LeadAccess,
    filter: LeadFilter,
    sort: LeadSort,
    after: LeadCursor | undefined,
    limit: number,
    withTotal: boolean,
  ): Promise<Page<LeadResponseDto>> {
    // Read from a replica when there is one; the count on a connection of its own, so both run at once.
    const [[rows, shared], total] = await Promise.all([
      onReplica(this.dataSource, async (replica) => {
        const page = await this.leads.listForAccess(access, filter, sort, after, limit, replica);
        return [page, await this.sharedConfidential(access, page, replica)] as const;
      }),
      withTotal
        ? onReplica(this.dataSource, (replica) => this.leads.countForAccess(access, filter, replica))
        : Promise.resolve(undefined),
    ]);
    return toPage(
      rows,
      limit,
      (row) => this.leads.cursorOf(row, sort),
      (row) => this.toDto(row, access.scope, shared.has(String(row.id))),
      total,
    );
  }

  /** Confidential leads outside the viewer's chain that their unit works on (so sees unmasked). */
  private sharedConfidential(access: LeadAccess, rows: LeadRow[], manager?: EntityManager): Promise<Set<string>> {
    const outside = rows.filter((row) => row.confidential && !access.scope.contains(row)).map((row) => String(row.id));
    return outside.length === 0 ? Promise.resolve(new Set()) : this.leads.sharedWith(access.scope, outside, manager);
  }

  /** Every lead the list would show for `query`, page after page, for exports of any size. */
  async *eachListed(
    principal: AuthPrincipal,
    query: LeadListQueryDto,
    batchSize = 500,
  ): AsyncGenerator<LeadResponseDto> {
    const access = leadAccessFor(principal);
    const filter = await this.filterOf(query);
    const sort = query.sort ?? 'updatedAt';
    let after: LeadCursor | undefined;
    for (;;) {
      // One replica connection per batch: a slow consumer of the export holds none between batches.
      const [rows, shared] = await onReplica(this.dataSource, async (replica) => {
        const batch = await this.leads.listForAccess(access, filter, sort, after, batchSize, replica);
        return [batch, await this.sharedConfidential(access, batch, replica)] as const;
      });
      for (const row of rows.slice(0, batchSize)) yield this.toDto(row, access.scope, shared.has(String(row.id)));
      if (rows.length <= batchSize) return;
      after = this.leads.cursorOf(rows[batchSize - 1], sort);
    }
  }

  private async filterOf(query: LeadFilterQuery): Promise<LeadFilter> {
    if (
      query.minInvestment !== undefined &&
      query.maxInvestment !== undefined &&
      query.minInvestment > query.maxInvestment
    ) {
      throw DomainException.validation('maxInvestment', 'isAtLeastMin', 'must not be less than minInvestment');
    }
    return {
      stages: query.stage,
      clusterCode: query.clusterCode,
      unit: query.regionCode ? JurisdictionScope.of(await this.regionUnits.require(query.regionCode)) : undefined,
      ownerUserId: query.ownerUserId,
      sourceKind: query.sourceKind,
      chamberId: query.chamberId,
      ownership: query.ownership,
      flag: query.flag,
      category: query.category,
      minInvestment: query.minInvestment,
      maxInvestment: query.maxInvestment,
      staleSince: query.staleDays ? new Date(Date.now() - query.staleDays * DAY_MS) : undefined,
      health: query.health ? this.stallRules.judge().listWindows(query.health) : undefined,
      q: query.q,
    };
  }

  /** Open leads `access` reaches for park matching and chain maps (rows, for ranking in memory). */
  openForMatching(
    access: LeadAccess,
    filter: { clusterCodes?: string[]; segmentCodes?: string[]; unit?: JurisdictionScope },
    limit: number,
  ): Promise<LeadRow[]> {
    return this.leads.openForMatching(access, filter, limit);
  }

  async get(principal: AuthPrincipal, id: string): Promise<LeadResponseDto> {
    return this.viewOf(principal, await this.requireVisible(principal, id));
  }

  /** The lead as `principal` sees it: unmasked for the holder's chain and for units working on it. */
  async viewOf(principal: AuthPrincipal, lead: LeadRow): Promise<LeadResponseDto> {
    const scope = leadAccessFor(principal).scope;
    const participant = !scope.contains(lead) && (await this.leads.participantRoles(scope, String(lead.id))).length > 0;
    return this.toDto(lead, scope, participant);
  }

  async create(principal: AuthPrincipal, dto: LeadCreateDto): Promise<LeadResponseDto> {
    const values = await this.prepareNewLead(principal, dto);
    const id = await this.dataSource.transaction((manager) =>
      this.writer.insert(manager, principal, values, 'created'),
    );
    return this.toDto((await this.leads.findById(id))!, JurisdictionScope.forPrincipal(principal));
  }

  /** Checks a new lead against the reference data and the creator's jurisdiction, and fills in its defaults. */
  async prepareNewLead(principal: AuthPrincipal, dto: LeadCreateDto, manager?: EntityManager): Promise<LeadValues> {
    const company = await this.companies.findById(dto.companyId, manager);
    if (!company) throw DomainException.validation('companyId', 'exists', 'is not a known company; register it first');
    await this.clusterCodes.require(dto.clusterCode, dto.segmentCode);
    const unit = await this.holdingUnit(principal, dto.regionCode ?? principal.regionCode);
    await this.assertSource(dto.source.kind, dto.source.chamberId);
    if (dto.source.visitId) await this.assertSourceVisit(principal, dto.source.kind, dto.source.visitId, manager);
    const ownerUserId = await this.assignableOwner(unit, dto.ownerUserId ?? principal.userId);
    if (dto.confidential && !dto.codeName)
      throw DomainException.validation('codeName', 'isDefined', 'is required for a confidential lead');

    const now = new Date();
    const values: LeadValues = {
      companyId: String(company.id),
      ownership: company.ownership,
      title: dto.title,
      clusterCode: dto.clusterCode,
      segmentCode: dto.segmentCode ?? null,
      sourceKind: dto.source.kind,
      sourceChamberId: dto.source.chamberId ?? null,
      sourceVisitId: dto.source.visitId ?? null,
      sourceNote: dto.source.note ?? null,
      expectedInvestment: decimal(dto.expectedInvestment),
      landNeedMu: decimal(dto.landNeedMu),
      factoryNeedSqm: decimal(dto.factoryNeedSqm),
      categories: dto.categories ?? [],
      regionCode: unit.regionCode,
      cityCode: unit.cityCode,
      ownerUserId,
      nextFollowUpAt: date(dto.nextFollowUpAt),
      confidential: dto.confidential ?? false,
      codeName: dto.codeName ?? null,
      stage: 'lead',
      stageBeforeHold: null,
      stageEnteredAt: now,
      siteVisitAt: null,
      signedAt: null,
      signedAmount: null,
      parkId: null,
      parkName: null,
      constructionStartedAt: null,
      producedAt: null,
      lostReason: null,
      chamberFeedbackDueAt: dto.source.chamberId ? planDeadline(now, this.deadlineRules.chamberFeedback).dueAt : null,
      chamberFeedbackGivenAt: null,
      fundsReceivedTotal: '0',
      investmentCompletedTotal: '0',
      investmentByMonth: null,
      pendingDispatchId: null,
      pendingClaimId: null,
      inConflict: false,
      mergedIntoLeadId: null,
      stallEpisodeAt: null,
      stallLevel: 0,
      fitScore: null,
      fitSummary: null,
      createdBy: principal.userId,
      lastActivityAt: now,
    };
    return values;
  }

  async update(principal: AuthPrincipal, id: string, dto: LeadUpdateDto): Promise<LeadResponseDto> {
    const current = await this.requireHeld(principal, id);
    if (dto.version !== current.version) throw await this.versionConflict(id);
    const changes: LeadChanges = {};
    if (dto.title !== undefined) changes.title = dto.title;
    if (dto.clusterCode !== undefined || dto.segmentCode !== undefined) {
      const clusterCode = dto.clusterCode ?? current.clusterCode;
      const segmentCode =
        dto.segmentCode === undefined ? (dto.clusterCode ? null : current.segmentCode) : dto.segmentCode;
      await this.clusterCodes.require(clusterCode, segmentCode);
      changes.clusterCode = clusterCode;
      changes.segmentCode = segmentCode;
    }
    if (dto.expectedInvestment !== undefined) changes.expectedInvestment = decimal(dto.expectedInvestment);
    if (dto.landNeedMu !== undefined) changes.landNeedMu = decimal(dto.landNeedMu);
    if (dto.factoryNeedSqm !== undefined) changes.factoryNeedSqm = decimal(dto.factoryNeedSqm);
    if (dto.categories !== undefined) changes.categories = dto.categories;
    if (dto.ownerUserId !== undefined) changes.ownerUserId = await this.assignableOwner(current, dto.ownerUserId);
    if (dto.nextFollowUpAt !== undefined) changes.nextFollowUpAt = date(dto.nextFollowUpAt);
    if (dto.confidential !== undefined) changes.confidential = dto.confidential;
    if (dto.codeName !== undefined) changes.codeName = dto.codeName;
    if (
      (changes.confidential ?? current.confidential) &&
      !(changes.codeName === undefined ? current.codeName : changes.codeName)
    ) {
      throw DomainException.validation('codeName', 'isDefined', 'is required for a confidential lead');
    }
    if (dto.chamberFeedbackGivenAt !== undefined) {
      if (!current.sourceChamberId)
        throw DomainException.notPermitted('chamberFeedbackGivenAt', 'applies only to leads a chamber introduced');
      changes.chamberFeedbackGivenAt = new Date(dto.chamberFeedbackGivenAt);
    }
    if (Object.keys(changes).length === 0) return this.toDto(current, JurisdictionScope.forPrincipal(principal));
    changes.lastActivityAt = new Date();

    await this.dataSource.transaction((manager) =>
      this.writer.change(manager, principal, current, changes, { action: 'update' }),
    );
    return this.toDto((await this.leads.findById(id))!, JurisdictionScope.forPrincipal(principal));
  }

  async transition(principal: AuthPrincipal, id: string, dto: LeadTransitionDto): Promise<LeadResponseDto> {
    const lead = await this.requireHeld(principal, id);
    if (dto.version !== lead.version) throw await this.versionConflict(id);
    // 甄别确认: a claimed stage waits for the unit above before the project moves again.
    if (lead.pendingClaimId) throw claimPendingError(id, String(lead.pendingClaimId));
    const plan = planTransition(lead.stage, dto.to, lead.stageBeforeHold);
    if (!plan) {
      const allowed = allowedTransitions(lead.stage, lead.stageBeforeHold);
      throw new DomainException(
        ErrorCode.Conflict,
        `A lead in ${lead.stage} (${STAGE_NAMES[lead.stage]}) cannot move to ${dto.to}; allowed: ${allowed.join(', ') || 'none'}`,
        [
          {
            field: 'to',
            constraint: 'allowedTransition',
            message: `must be one of: ${allowed.join(', ') || 'none'}`,
            allowed,
          },
        ],
      );
    }
    if (plan.needsReason && !dto.reason) {
      throw DomainException.validation(
        'reason',
        'isDefined',
        `is required to move ${plan.kind === 'back' ? 'back' : `to ${dto.to}`}`,
      );
    }
    const permittedFields = new Set(
      plan.entered.flatMap((stage) => (REQUIRED_FIELDS[stage] ?? []).flatMap((field) => field.split('|'))),
    );
    for (const field of STAGE_FIELDS) {
      if (dto[field] != null && !permittedFields.has(field))
        throw DomainException.notPermitted(field, `does not belong to a move to ${dto.to}`);
    }
    const present = (field: string) => dto[field as StageField] != null || lead[field as StageField] != null;
    const missing = missingFields(plan, present);
    if (missing.length > 0) {
      throw new DomainException(
        ErrorCode.ValidationFailed,
        `Moving to ${dto.to} needs ${missing.map((field) => field.replace('|', ' or ')).join(', ')}`,
        missing.map((field) => ({
          field: field.split('|')[0],
          constraint: 'isDefined',
          message: `is required to move to ${dto.to}`,
        })),
      );
    }
    const now = new Date();
    const at = dto.at ? new Date(dto.at) : now;
    if (at.getTime() > now.getTime() + FUTURE_TOLERANCE_MS)
      throw DomainException.validation('at', 'notInFuture', 'must not be in the future');
    if (at < lead.stageEnteredAt)
      throw DomainException.validation(
        'at',
        'afterCurrentStage',
        `must not be before the current stage began (${lead.stageEnteredAt.toISOString()})`,
      );
    const parkName = dto.parkId ? await this.leads.parkName(dto.parkId) : undefined;
    if (dto.parkId && parkName === null) throw DomainException.validation('parkId', 'exists', 'is not a known park');

    const target = plan.entered[plan.entered.length - 1];
    const changes: LeadChanges = {
      stage: target,
      stageEnteredAt: at,
      stageBeforeHold: plan.kind === 'hold' ? (lead.stage as LeadRow['stageBeforeHold']) : null,
      lastActivityAt: now,
    };
    if (plan.kind === 'lose') changes.lostReason = dto.reason!;
    if (dto.siteVisitAt) changes.siteVisitAt = new Date(dto.siteVisitAt);
    if (dto.signedAt) changes.signedAt = new Date(dto.signedAt);
    if (dto.signedAmount !== undefined) changes.signedAmount = String(dto.signedAmount);
    if (dto.parkId) Object.assign(changes, { parkId: dto.parkId, parkName });
    else if (dto.parkName) Object.assign(changes, { parkId: null, parkName: dto.parkName });
    if (dto.constructionStartedAt) changes.constructionStartedAt = new Date(dto.constructionStartedAt);
    if (dto.producedAt) changes.producedAt = new Date(dto.producedAt);

    let from: Stage = lead.stage;
    const events = plan.entered.map((stage, index) => {
      const last = index === plan.entered.length - 1;
      const event = {
        leadId: id,
        fromStage: from,
        toStage: stage,
        at,
        userId: principal.userId,
        note: last ? (dto.note ?? null) : null,
        reason: last ? (dto.reason ?? null) : null,
        regionCode: lead.regionCode,
        cityCode: lead.cityCode,
        clusterCode: lead.clusterCode,
      };
      from = stage;
      return event;
    });
    const claim = this.claimOf(lead, plan, now);
    await this.dataSource.transaction((manager) =>
      this.writer.change(manager, principal, lead, changes, { action: 'transition', events, claim }),
    );
    return this.toDto((await this.leads.findById(id))!, JurisdictionScope.forPrincipal(principal));
  }

  /**
   * The claim a forward move into 签约, 开工 or 投产 opens (docs/domain.md "Signing confirmation"): ruled by the
   * holder's parent unit, the region for its own projects. Going back, resuming or holding re-enters stages already
   * ruled on: no claim.
   */
  private claimOf(lead: LeadRow, plan: TransitionPlan, now: Date): ClaimOpening | undefined {
    const stages = plan.kind === 'forward' ? plan.entered.filter(isClaimedStage) : [];
    if (stages.length === 0) return undefined;
    return {
      stages,
      fromStage: lead.stage,
      confirmerRegionCode: (parentUnit(unitOf(lead)) ?? unitOf(lead)).regionCode,
      dueAt: planDeadline(now, this.deadlineRules.signingConfirm).dueAt,
    };
  }

  /**
   * Closes the losing lead of a 撞单 ruling, inside the ruling's transaction: lost with reason `conflict` (unless
   * already lost) and merged into the winner, so the project is counted once, on the winner.
   */
  async closeByConflict(
    manager: EntityManager,
    principal: AuthPrincipal,
    lead: LeadRow,
    winnerLeadId: string,
    note: string | null,
  ): Promise<void> {
    const now = new Date();
    const changes: LeadChanges = { mergedIntoLeadId: winnerLeadId, lastActivityAt: now };
    if (lead.pendingClaimId) {
      // The project is counted on the winner now: the loser's claim is withdrawn, never to be ruled on.
      const claim = await this.claims.lockUnscoped(manager, String(lead.pendingClaimId));
      if (claim?.status === 'pending')
        await this.writer.ruleClaim(manager, principal, lead, claim, { status: 'cancelled', ruling: note, at: now });
      changes.pendingClaimId = null;
    }
    const closing = lead.stage !== 'lost';
    if (closing) {
      if (!planTransition(lead.stage, 'lost', lead.stageBeforeHold)) {
        throw new DomainException(
          ErrorCode.Conflict,
          `Lead ${lead.id} is in ${lead.stage} and cannot be closed as lost; choose it as the winner`,
          [{ field: 'winnerLeadId', constraint: 'loserClosable', message: `the other lead is in ${lead.stage}` }],
        );
      }
      Object.assign(changes, {
        stage: 'lost',
        stageEnteredAt: now,
        stageBeforeHold: null,
        lostReason: CONFLICT_LOST_REASON,
      });
    }
    const events = closing
      ? [
          {
            leadId: String(lead.id),
            fromStage: lead.stage,
            toStage: 'lost' as const,
            at: now,
            userId: principal.userId,
            note,
            reason: CONFLICT_LOST_REASON,
            regionCode: lead.regionCode,
            cityCode: lead.cityCode,
            clusterCode: lead.clusterCode,
          },
        ]
      : undefined;
    await this.writer.change(manager, principal, lead, changes, {
      action: 'transition',
      events,
      auditFields: [...AUDITED_FIELDS, 'mergedIntoLeadId'],
    });
  }

  async addNote(principal: AuthPrincipal, id: string, dto: LeadNoteCreateDto): Promise<TimelineEntryDto> {
    const lead = await this.requireHeld(principal, id, 'collaborator');
    const noteId = await this.dataSource.transaction((manager) =>
      this.writer.addNote(manager, principal, lead, { body: dto.body }),
    );
    return {
      kind: 'note',
      id: noteId,
      at: new Date().toISOString(),
      userId: principal.userId,
      userName: principal.displayName,
      data: { body: dto.body },
    };
  }

  async addFunds(principal: AuthPrincipal, id: string, dto: LeadFundCreateDto): Promise<LeadResponseDto> {
    const lead = await this.requireHeld(principal, id);
    if (!isSigned(lead.stage, lead.stageBeforeHold)) {
      throw new DomainException(
        ErrorCode.Conflict,
        'Funds can be recorded for signed projects (signed, construction, production)',
        [{ field: 'id', constraint: 'isSigned', message: `the lead is in ${lead.stage}` }],
      );
    }
    const receivedAt = new Date(dto.receivedAt);
    if (receivedAt.getTime() > Date.now() + FUTURE_TOLERANCE_MS)
      throw DomainException.validation('receivedAt', 'notInFuture', 'must not be in the future');
    await this.dataSource.transaction((manager) =>
      this.writer.addFunds(manager, principal, lead, { amount: dto.amount, receivedAt, note: dto.note ?? null }),
    );
    return this.toDto((await this.leads.findById(id))!, JurisdictionScope.forPrincipal(principal));
  }

  async timeline(principal: AuthPrincipal, id: string, query: TimelineQueryDto): Promise<Page<TimelineEntryDto>> {
    const { cursor, limit, kind } = query;
    await this.requireVisible(principal, id);
    const after = cursor ? (decodeCursor(cursor, 3).map(String) as [string, string, string]) : undefined;
    if (after && Number.isNaN(Date.parse(after[0])))
      throw DomainException.validation('cursor', 'isCursor', 'is not a cursor this list returned');
    const rows = await this.leads.timeline(id, after, limit, kind ? [kind] : undefined);
    await this.nameLinkedLeads(principal, rows);
    return toPage(
      rows,
      limit,
      (row) => [row.at.toISOString(), row.kind, row.id],
      (row) => ({
        kind: row.kind,
        id: row.id,
        at: row.at.toISOString(),
        userId: row.userId,
        userName: row.userName,
        data: row.data,
      }),
    );
  }

  /**
   * A 撞单 entry points at the other lead (otherLeadId, winnerLeadId): its name goes beside the id (otherLeadName,
   * winnerLeadName), a code name where the viewer may not see a confidential lead's title. One query per page.
   */
  private async nameLinkedLeads(principal: AuthPrincipal, rows: TimelineRow[]): Promise<void> {
    const linked = rows.flatMap((row) =>
      LINKED_LEAD_KEYS.map((key) => row.data[key]).filter((value): value is string => typeof value === 'string'),
    );
    if (linked.length === 0) return;
    const viewer = JurisdictionScope.forPrincipal(principal);
    const labels = new Map(
      (await this.leads.labelRows([...new Set(linked)])).map((row) => [row.id, leadNameFor(viewer, row)]),
    );
    for (const row of rows) {
      for (const key of LINKED_LEAD_KEYS) {
        const value = row.data[key];
        if (typeof value === 'string') row.data[`${key.replace(/Id$/, '')}Name`] = labels.get(value) ?? null;
      }
    }
  }

  async requireVisible(principal: AuthPrincipal, id: string, manager?: EntityManager): Promise<LeadRow> {
    const lead = await this.leads.findForAccess(leadAccessFor(principal), id, manager);
    if (!lead) throw DomainException.notFound('Lead', id);
    return lead;
  }

  /**
   * A lead the caller may work on: held inside their jurisdiction (a resident: their own or their team's). Units
   * that only see it (a sender, a pending receiver) get 403; a collaborator too, unless `collaboratorMay` (notes).
   */
  async requireHeld(
    principal: AuthPrincipal,
    id: string,
    collaboratorMay?: 'collaborator',
    manager?: EntityManager,
  ): Promise<LeadRow> {
    const lead = await this.requireVisible(principal, id, manager);
    const access = leadAccessFor(principal);
    if (access.resident || access.scope.contains(lead)) return lead;
    const roles = await this.leads.participantRoles(access.scope, id);
    if (collaboratorMay && roles.includes('collaborator')) return lead;
    throw new DomainException(
      ErrorCode.Forbidden,
      roles.includes('collaborator')
        ? 'Only the holding unit changes this lead; as a collaborator you may add notes and visits'
        : 'Only the holding unit changes this lead; your unit may read it',
    );
  }

  /** The holding unit of a new lead: a Guangxi unit inside the creator's jurisdiction. */
  async holdingUnit(principal: AuthPrincipal, regionCode: string): Promise<UnitRef> {
    const unit = await this.regionUnits.require(regionCode);
    if (!JurisdictionScope.forPrincipal(principal).contains(unit))
      throw DomainException.notPermitted('regionCode', 'is outside your jurisdiction');
    return unit;
  }

  async assertSource(kind: string, chamberId: string | undefined, field = 'source.chamberId'): Promise<void> {
    if (kind === 'chamber' && !chamberId)
      throw DomainException.validation(field, 'isDefined', 'is required when the source is a chamber');
    if (kind !== 'chamber' && chamberId)
      throw DomainException.notPermitted(field, 'is given only when the source kind is chamber');
    if (chamberId && !(await this.leads.chamberExists(chamberId)))
      throw DomainException.validation(field, 'exists', 'is not a known chamber');
  }

  /**
   * A source visit must be one the creator reaches (their jurisdiction; a resident: their own or their team's), so
   * a lead cannot claim another unit's visit (and count for its team). Read through `manager`: a visit opening a
   * lead is inserted in the same transaction. Unknown and unreachable visits get the same answer.
   */
  private async assertSourceVisit(
    principal: AuthPrincipal,
    kind: string,
    visitId: string,
    manager?: EntityManager,
  ): Promise<void> {
    if (kind !== 'visit')
      throw DomainException.notPermitted('source.visitId', 'is given only when the source kind is visit');
    if (!(await this.reachesVisit(principal, visitId, manager)))
      throw DomainException.validation('source.visitId', 'exists', 'is not a visit of your jurisdiction');
  }

  /**
   * Whether `principal` may cite the visit (as a lead's or a task's source): in their jurisdiction; a resident's
   * own or their team's. Unknown visits answer false like unreachable ones.
   */
  async reachesVisit(principal: AuthPrincipal, visitId: string, manager?: EntityManager): Promise<boolean> {
    const visit = await this.leads.visitOwnership(visitId, manager);
    return visit !== null && reachesVisit(principal, visit);
  }

  /** An owner must be an active user of the holding unit or a unit below it, so they can see the lead. */
  async assignableOwner(holdingUnit: UnitRef, userId: string, field = 'ownerUserId'): Promise<string> {
    const owner = await this.users.findInJurisdiction(JurisdictionScope.of(holdingUnit), userId);
    if (!owner || !owner.active)
      throw DomainException.validation(
        field,
        'isAssignable',
        'must be an active user of the holding unit or a unit below it',
      );
    return String(owner.id);
  }

  /** A list cursor, checked against the sort it was made for (a cursor from another sort is refused). */
  private leadCursor(cursor: string, sort: LeadSort): LeadCursor {
    const [value, id] = decodeCursor(cursor, 2);
    const valueFits =
      value === null ||
      (sort === 'expectedInvestment'
        ? /^\d{1,8}(\.\d{1,4})?$/.test(String(value))
        : !Number.isNaN(Date.parse(String(value))));
    if (!valueFits || !/^[1-9]\d{0,17}$/.test(String(id)) || (sort === 'updatedAt' && value === null)) {
      throw DomainException.validation(
        'cursor',
        'isCursor',
        'is not a cursor of this list and sort; start again without it',
      );
    }
    return [value === null ? null : String(value), String(id)];
  }

  /** Inside a transaction pass its `manager` (see currentVersionOf). */
  private async versionConflict(id: string, manager?: EntityManager): Promise<DomainException> {
    return DomainException.versionConflict('Lead', id, await this.leads.currentVersion(id, manager));
  }
}
