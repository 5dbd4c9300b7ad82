// The API's shapes, by the names the web app uses, all generated from the OpenAPI document (schema.d.ts, written
// by `npm run api:types`). Never declare a response or request shape by hand: alias it here.
import type { components } from './schema';

type Schemas = components['schemas'];

export type ErrorBody = Schemas['ErrorBodyDto'];
export type ErrorDetailBody = Schemas['ErrorDetailDto'];
export type Me = Schemas['MeResponseDto'];

export type Region = Schemas['RegionResponseDto'];
export type RegionTreeNode = Schemas['RegionTreeNodeDto'];
export type Cluster = Schemas['ClusterResponseDto'];
export type ClusterSegment = Schemas['ClusterSegmentDto'];

export type User = Schemas['UserResponseDto'];
export type UserCreate = Schemas['UserCreateDto'];
export type UserUpdate = Schemas['UserUpdateDto'];
export type Team = Schemas['TeamResponseDto'];
export type TeamMember = Schemas['TeamMemberDto'];
export type TeamSummary = Schemas['TeamSummaryDto'];
export type AuditEntry = Schemas['AuditEntryResponseDto'];
export type Person = Schemas['PersonDto'];
export type PersonPage = Schemas['PersonPageDto'];
export type SearchHit = Schemas['SearchHitDto'];
export type SearchResult = Schemas['SearchResultDto'];

export type Company = Schemas['CompanyResponseDto'];
export type SimilarCompany = Schemas['SimilarCompanyDto'];
export type CompanyCreate = Schemas['CompanyCreateDto'];
export type Contact = Schemas['ContactDto'];
export type Chamber = Schemas['ChamberResponseDto'];
export type ChamberCreate = Schemas['ChamberCreateDto'];
export type ChamberDetail = Schemas['ChamberDetailDto'];
export type ChamberLeadSummary = Schemas['ChamberLeadSummaryDto'];

export type Lead = Schemas['LeadResponseDto'];
export type LeadCreate = Schemas['LeadCreateDto'];
export type LeadUpdate = Schemas['LeadUpdateDto'];
export type LeadTransition = Schemas['LeadTransitionDto'];
export type LeadBoard = Schemas['LeadBoardDto'];
export type LeadBoardColumn = Schemas['LeadBoardColumnDto'];
export type TimelineEntry = Schemas['TimelineEntryDto'];
export type Collaborator = Schemas['CollaboratorResponseDto'];

export type Dispatch = Schemas['DispatchResponseDto'];
export type Escalation = Schemas['EscalationResponseDto'];
export type Conflict = Schemas['ConflictResponseDto'];
export type ConflictDetail = Schemas['ConflictDetailDto'];
export type ConflictParty = Schemas['ConflictPartyDto'];
export type ConflictSide = Schemas['ConflictSideDto'];

export type Task = Schemas['TaskResponseDto'];
export type Slip = Schemas['SlipResponseDto'];
export type Notification = Schemas['NotificationResponseDto'];
export type BoardItem = Schemas['BoardItemDto'];
export type CalendarEntry = Schemas['CalendarEntryDto'];
export type CalendarToken = Schemas['CalendarTokenDto'];
export type NotificationsRead = Schemas['NotificationsReadDto'];

export type Visit = Schemas['VisitResponseDto'];
export type VisitCreate = Schemas['VisitCreateDto'];
export type VisitUpdate = Schemas['VisitUpdateDto'];
export type VisitWarning = Schemas['VisitWarningDto'];
export type OverlapVisit = Schemas['OverlapVisitDto'];
export type TheirAttendee = Schemas['TheirAttendeeDto'];
export type VisitNextStep = Schemas['VisitNextStepDto'];
export type VisitIntelligence = Schemas['VisitIntelligenceDto'];
export type IntelligenceEntry = Schemas['IntelligenceEntryDto'];

export type Park = Schemas['ParkResponseDto'];
export type ParkDetail = Schemas['ParkDetailDto'];
export type ParkCreate = Schemas['ParkCreateDto'];
export type ParkCompany = Schemas['ParkCompanyDto'];
export type ParkReadiness = Schemas['ParkReadinessDto'];
export type LeadMatchList = Schemas['LeadMatchListDto'];
export type ParkCompanyPage = Schemas['ParkCompanyPageDto'];
export type ParkMatch = Schemas['ParkMatchDto'];
export type ParkMatchList = Schemas['ParkMatchListDto'];
export type LeadMatch = Schemas['LeadMatchDto'];
export type MatchReason = Schemas['MatchReasonDto'];
export type ChainMap = Schemas['ChainMapDto'];
export type ChainSegment = Schemas['ChainSegmentDto'];
export type ChainPark = Schemas['ChainParkDto'];

export type Funnel = Schemas['FunnelResponseDto'];
export type FunnelStage = Schemas['FunnelStageDto'];
export type BreakdownItem = Schemas['BreakdownItemDto'];
export type TrendPoint = Schemas['TrendPointDto'];
export type TrendResponse = Schemas['TrendResponseDto'];
export type RebuildAccepted = Schemas['RebuildAcceptedDto'];
export type Target = Schemas['TargetResponseDto'];
export type LeadInvestment = Schemas['LeadInvestmentDto'];
export type LeadInvestmentPage = Schemas['LeadInvestmentPageDto'];
export type TargetItem = Schemas['TargetItemDto'];
export type TargetProgress = Schemas['TargetProgressResponseDto'];
export type TargetProgressItem = Schemas['TargetProgressItemDto'];
export type QuarterlyBulletin = Schemas['QuarterlyBulletinDto'];
export type BulletinRow = Schemas['BulletinRowDto'];

export type ImportStatus = Schemas['ImportStatusDto'];
export type ImportCellError = Schemas['ImportCellErrorDto'];
export type Notice = Notification;
export type TokenPair = Schemas['TokenPairDto'];

export type CalendarYearSummary = Schemas['CalendarYearSummaryDto'];
export type CalendarYearPage = Schemas['CalendarYearPageDto'];
export type CalendarYear = Schemas['CalendarYearDto'];
export type CalendarDay = Schemas['CalendarDayDto'];
export type StallRules = Schemas['StallRulesDto'];
export type UnitRobot = Schemas['UnitRobotDto'];
export type UnitRobotList = Schemas['UnitRobotListDto'];
export type RobotTest = Schemas['RobotTestDto'];
export type StallRule = Schemas['StallRuleDto'];
export type StallRuleVersionPage = Schemas['StallRuleVersionPageDto'];
export type DeadlinePreview = Schemas['DeadlinePreviewDto'];

export type LeadClaim = Schemas['LeadClaimDto'];
export type LeadClaimPage = Schemas['LeadClaimPageDto'];
export type ConfirmationRule = Schemas['ConfirmationRuleDto'];
export type ConfirmationRuleList = Schemas['ConfirmationRuleListDto'];
