import { findUnhandledJobs } from './queue-startup.check';
import { JobName, QUEUE_JOBS, QueueName } from './queue.constants';

describe('findUnhandledJobs', () => {
  const noop = async () => undefined;

  it('is empty when every queue has a handler for each of its jobs', () => {
    expect(
      findUnhandledJobs([
        { queueName: QueueName.System, handlers: { [JobName.WorkerHeartbeat]: noop } },
        { queueName: QueueName.Imports, handlers: { [JobName.LeadImport]: noop, [JobName.ImportReconcile]: noop } },
        {
          queueName: QueueName.Linkage,
          handlers: { [JobName.LinkageDeadline]: noop, [JobName.LinkageReconcile]: noop },
        },
        {
          queueName: QueueName.Reminders,
          handlers: {
            [JobName.TaskReminder]: noop,
            [JobName.ReminderReconcile]: noop,
            [JobName.StallWatch]: noop,
            [JobName.DailyDigest]: noop,
          },
        },
        {
          queueName: QueueName.Notifications,
          handlers: { [JobName.NotificationDelivery]: noop, [JobName.DeliveryReconcile]: noop },
        },
        { queueName: QueueName.Parks, handlers: { [JobName.ParkFitRefresh]: noop } },
        {
          queueName: QueueName.Analytics,
          handlers: { [JobName.AnalyticsRebuild]: noop, [JobName.QuarterlyBulletin]: noop },
        },
      ]),
    ).toEqual([]);
  });

  it('names every job nobody handles', () => {
    expect(findUnhandledJobs([])).toEqual(
      Object.entries(QUEUE_JOBS).flatMap(([queue, jobs]) => jobs.map((job) => `${queue}/${job}`)),
    );
  });

  it('has frozen names that BullMQ accepts as deterministic job ids', () => {
    for (const name of [...Object.values(QueueName), ...Object.values(JobName)]) {
      expect(name).toMatch(/^[a-z][a-z0-9-]*$/);
    }
    expect(Object.isFrozen(QueueName) && Object.isFrozen(JobName)).toBe(true);
  });
});
