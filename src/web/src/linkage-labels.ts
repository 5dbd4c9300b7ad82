// Names shared by the workbench and the lead detail page, so the same code reads the same everywhere.

/** Where a task came from (TASK_SOURCES in src/modules/tasks/task.entity.ts). */
export const TASK_SOURCE_NAMES: Record<string, string> = {
  manual: '手动',
  visit: '走访下一步',
  follow_up: '下次跟进',
  stall: '停滞预警',
  recurrence: '周期任务',
};

/** An escalation's answer (ESCALATION_DECISIONS): the answer dialog's choices and the timeline's wording. */
export const ESCALATION_DECISION_NAMES: Record<'granted' | 'declined' | 'forwarded', string> = {
  granted: '同意',
  declined: '不同意',
  forwarded: '转报上一级',
};
export type EscalationDecision = keyof typeof ESCALATION_DECISION_NAMES;
