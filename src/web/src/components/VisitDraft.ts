// The visit form's draft: what the resident has typed (kept on the device with an unsent visit), the checks the API
// would make anyway (answered before sending, since a phone may be offline) and the POST /visits body it becomes.
import type { TheirAttendee, VisitCreate, VisitIntelligence, VisitNextStep } from '../api/types';
import { shanghaiIso, shanghaiNowWallTime, shanghaiWallTime } from '../format';
import { INTENT_NAMES, optionsOf } from '../labels';

/** The form's two statuses (a visit is cancelled from the list). */
export const STATUS_OPTIONS = [
  { value: 'done', label: '已走访' },
  { value: 'planned', label: '计划走访' },
] as const;
export const INTENT_OPTIONS = optionsOf(INTENT_NAMES) as { value: VisitIntelligence['intentLevel']; label: string }[];

// datetime-local inputs hold "YYYY-MM-DDTHH:mm" in Shanghai wall time (the phone's own picker).
export const nowLocal = () => shanghaiNowWallTime().replace(' ', 'T');
export const toLocal = (iso: string) => shanghaiWallTime(iso).replace(' ', 'T');
export const toIso = (local: string) => shanghaiIso(local.replace('T', ' '));

/** The form as typed (client-only): next steps' `dueAt` in datetime-local form, '' for an unpicked intent. */
export const emptyDraft = () => ({
  teamId: '',
  kind: 'company' as VisitCreate['kind'],
  status: 'done' as 'done' | 'planned',
  companyId: null as string | null,
  companyName: '',
  unknownCompany: false,
  newCompanyName: '',
  chamberId: null as string | null,
  visitedAt: nowLocal(),
  location: '',
  theirAttendees: [] as TheirAttendee[],
  summary: '',
  intentLevel: '' as VisitIntelligence['intentLevel'] | '',
  expansionPlan: '',
  expectedInvestment: undefined as number | undefined,
  timeframe: '',
  nextSteps: [] as VisitNextStep[],
  openLead: false,
  leadTitle: '',
  leadClusterCode: null as string | null,
  leadExpectedInvestment: undefined as number | undefined,
});
export type VisitDraft = ReturnType<typeof emptyDraft>;

export const needsCompany = (draft: VisitDraft) => draft.kind === 'company' || draft.kind === 'exhibition';
export const leadPossible = (draft: VisitDraft) =>
  draft.status === 'done' && !!draft.companyId && !draft.unknownCompany && draft.kind !== 'chamber';

/** Checks the API would make anyway, answered before sending (a phone may be offline); false when any failed. */
export function checkDraft(draft: VisitDraft, errors: Record<string, string>, isResident: boolean): boolean {
  if (!draft.teamId) errors.teamId = isResident ? '您尚未加入驻点工作小组，请联系管理员' : '请选择工作小组';
  if (needsCompany(draft) && !draft.unknownCompany && !draft.companyId) errors.companyId = '请选择走访的企业';
  if (draft.unknownCompany && !draft.newCompanyName.trim()) errors.newCompanyName = '请填写企业名称';
  if (draft.kind === 'chamber' && !draft.chamberId) errors.chamberId = '请选择商会协会';
  if (!draft.visitedAt) errors.visitedAt = '请填写走访时间';
  draft.nextSteps.forEach((step, index) => {
    if (step.title.trim() && !step.dueAt) errors[`nextSteps.${index}.dueAt`] = '请填写完成期限';
  });
  if (draft.openLead && leadPossible(draft)) {
    if (draft.leadTitle.trim().length < 2) errors['createLead.title'] = '请填写项目名称（至少 2 个字）';
    if (!draft.leadClusterCode) errors['createLead.clusterCode'] = '请选择产业集群';
  }
  return Object.keys(errors).length === 0;
}

export function buildVisitBody(draft: VisitDraft): VisitCreate {
  const unknown = draft.kind === 'company' && draft.unknownCompany;
  // A company not yet in the 企业库 cannot be linked (residents cannot register one): the visit is logged as
  // "other" with the name at the head of the summary, for an officer to register and link later.
  const summary = [unknown ? `走访企业（企业库暂无）：${draft.newCompanyName.trim()}` : '', draft.summary.trim()]
    .filter(Boolean)
    .join('\n');
  const attendees = draft.theirAttendees
    .filter((attendee) => attendee.name.trim())
    .map((attendee) => ({
      name: attendee.name.trim(),
      ...(attendee.title?.trim() ? { title: attendee.title.trim() } : {}),
    }));
  const steps = draft.nextSteps
    .filter((step) => step.title.trim())
    .map((step) => ({ title: step.title.trim(), dueAt: toIso(step.dueAt), assigneeId: step.assigneeId }));
  const body: VisitCreate = {
    teamId: draft.teamId,
    kind: unknown ? 'other' : draft.kind,
    status: draft.status,
    visitedAt: toIso(draft.visitedAt),
  };
  if (draft.kind === 'chamber') body.chamberId = draft.chamberId ?? undefined;
  else if (!draft.unknownCompany && draft.companyId) body.companyId = draft.companyId;
  if (draft.location.trim()) body.location = draft.location.trim();
  if (attendees.length) body.theirAttendees = attendees;
  if (summary) body.summary = summary;
  if (draft.intentLevel && draft.status === 'done') {
    body.intelligence = {
      intentLevel: draft.intentLevel,
      ...(draft.expansionPlan.trim() ? { expansionPlan: draft.expansionPlan.trim() } : {}),
      ...(draft.expectedInvestment !== undefined && draft.expectedInvestment !== null
        ? { expectedInvestment: draft.expectedInvestment }
        : {}),
      ...(draft.timeframe.trim() ? { timeframe: draft.timeframe.trim() } : {}),
    };
  }
  if (steps.length) body.nextSteps = steps;
  if (draft.openLead && leadPossible(draft)) {
    body.createLead = {
      title: draft.leadTitle.trim(),
      clusterCode: draft.leadClusterCode!,
      ...(draft.leadExpectedInvestment !== undefined && draft.leadExpectedInvestment !== null
        ? { expectedInvestment: draft.leadExpectedInvestment }
        : {}),
    };
  }
  return body;
}
