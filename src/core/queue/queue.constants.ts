// Queue and job names live here only. Their values are frozen: renaming one strands the jobs already queued
// under the old name, so add new names instead.

export const QueueName = Object.freeze({
  System: 'system',
  Imports: 'imports',
  Linkage: 'linkage',
  Reminders: 'reminders',
  Notifications: 'notifications',
  Parks: 'parks',
  Analytics: 'analytics',
} as const);
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const JobName = Object.freeze({
  WorkerHeartbeat: 'worker-heartbeat',
  LeadImport: 'lead-import',
  ImportReconcile: 'import-reconcile',
  LinkageDeadline: 'linkage-deadline',
  LinkageReconcile: 'linkage-reconcile',
  TaskReminder: 'task-reminder',
  ReminderReconcile: 'reminder-reconcile',
  StallWatch: 'stall-watch',
  DailyDigest: 'daily-digest',
  NotificationDelivery: 'notification-delivery',
  DeliveryReconcile: 'delivery-reconcile',
  ParkFitRefresh: 'park-fit-refresh',
  AnalyticsRebuild: 'analytics-rebuild',
  QuarterlyBulletin: 'quarterly-bulletin',
} as const);
export type JobName = (typeof JobName)[keyof typeof JobName];

/** Which jobs run on which queue; every one needs a handler, or the worker refuses to start. */
export const QUEUE_JOBS = Object.freeze({
  [QueueName.System]: [JobName.WorkerHeartbeat],
  [QueueName.Imports]: [JobName.LeadImport, JobName.ImportReconcile],
  [QueueName.Linkage]: [JobName.LinkageDeadline, JobName.LinkageReconcile],
  [QueueName.Reminders]: [JobName.TaskReminder, JobName.ReminderReconcile, JobName.StallWatch, JobName.DailyDigest],
  [QueueName.Notifications]: [JobName.NotificationDelivery, JobName.DeliveryReconcile],
  [QueueName.Parks]: [JobName.ParkFitRefresh],
  [QueueName.Analytics]: [JobName.AnalyticsRebuild, JobName.QuarterlyBulletin],
} as const satisfies Record<QueueName, readonly JobName[]>);

export type JobsOf<Q extends QueueName> = (typeof QUEUE_JOBS)[Q][number];

/** Retries and retention, set once for every job (docs/architecture.md "House rules", rule 7). */
export const DEFAULT_JOB_OPTIONS = Object.freeze({
  attempts: 5,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 14 * 24 * 3600, count: 50_000 },
});

export const WORKER_HEARTBEAT_EVERY_MS = 30_000;
export const IMPORT_RECONCILE_EVERY_MS = 5 * 60_000;
