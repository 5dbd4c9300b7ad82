import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { loadConfig } from '../../../src/core/config/app-config';
import * as ical from 'node-ical';
import { DataSource } from 'typeorm';
import { QueueName } from '../../../src/core/queue/queue.constants';
import { DigestService } from '../../../src/modules/tasks/digest.service';
import { ReminderRunner } from '../../../src/modules/tasks/reminder.runner';
import { reminderJobId } from '../../../src/modules/tasks/reminder.scheduler';
import { StallWatch } from '../../../src/modules/tasks/stall.watch';
import { FakeRobot } from '../../utils/fake-robot';
import { createCompany, createLead } from '../../utils/records';
import { deleteRedisKeys } from '../../utils/redis-keys';
import { waitUntil } from '../../utils/spawned-app';
import { startTestApp, TestApp } from '../../utils/test-app';
import { createSignedInUser, TestUser } from '../../utils/users';

describe('tasks, reminders and notification channels', () => {
  let t: TestApp;
  let officer: TestUser;
  let manager: TestUser;
  let colleague: TestUser;
  let stranger: TestUser;
  const wecom = new FakeRobot(500);
  const dingtalk = new FakeRobot(200);

  beforeAll(async () => {
    t = await startTestApp({
      REMINDER_RECONCILE_SECONDS: '5',
      WECOM_WEBHOOK_URL: await wecom.start(),
      WEBHOOK_ALLOW_PRIVATE_NETWORK: 'true', // the fake robots listen on loopback
      DINGTALK_WEBHOOK_URL: await dingtalk.start(),
      DINGTALK_SECRET: 'SEC-test-secret',
    });
    officer = await createSignedInUser(t, 'officer', '450300');
    manager = await createSignedInUser(t, 'manager', '450300');
    colleague = await createSignedInUser(t, 'officer', '450300');
    stranger = await createSignedInUser(t, 'officer', '450400');
  });
  afterAll(async () => {
    await t.close();
    await wecom.stop();
    await dingtalk.stop();
  });

  const as = (user: TestUser) => ({
    get: (url: string) => t.request({ method: 'GET', url: `/api/v1${url}` }, user.token),
    post: (url: string, payload: Record<string, unknown> = {}) =>
      t.request({ method: 'POST', url: `/api/v1${url}`, payload }, user.token),
    patch: (url: string, payload: Record<string, unknown>) =>
      t.request({ method: 'PATCH', url: `/api/v1${url}`, payload }, user.token),
  });
  const reminders = async (user: TestUser, taskId: string) =>
    (
      (await as(user).get('/notifications?limit=200')).json().items as Array<{ kind: string; subjectId: string }>
    ).filter((n) => n.kind === 'task_reminder' && n.subjectId === taskId).length;
  const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();
  const createTask = async (user: TestUser, payload: Record<string, unknown>) => {
    const res = await as(user).post('/tasks', { title: '回访企业', dueAt: inSeconds(3600), ...payload });
    expect(res.statusCode).toBe(201);
    return res.json();
  };

  it('reminds once at the reminder time, moves with a reschedule, and not at all once done', async () => {
    const firing = await createTask(officer, { remindAt: inSeconds(6) });
    expect(firing).toMatchObject({ assigneeId: officer.id, status: 'open', reminded: false, source: 'manual' });
    await waitUntil('the reminder', async () => (await reminders(officer, firing.id)) === 1, 15_000);
    expect((await as(officer).get(`/tasks/${firing.id}`)).json().reminded).toBe(true);

    // Rescheduled: the job of the old time is gone and one for the new time waits.
    const queue = t.app.get<Queue>(getQueueToken(QueueName.Reminders));
    const moved = await createTask(officer, { remindAt: inSeconds(120) });
    await waitUntil(
      'the first job queued',
      async () => Boolean(await queue.getJob(reminderJobId(moved.id, new Date(moved.remindAt)))),
      5_000,
    );
    const later = (
      await as(officer).patch(`/tasks/${moved.id}`, { version: moved.version, remindAt: inSeconds(3) })
    ).json();
    await waitUntil(
      'the old job removed',
      async () => !(await queue.getJob(reminderJobId(moved.id, new Date(moved.remindAt)))),
      5_000,
    );
    await waitUntil('the moved reminder', async () => (await reminders(officer, moved.id)) === 1, 15_000);
    expect(later.remindAt).not.toBe(moved.remindAt);

    // Done before its time: its job goes, and nothing is sent.
    const done = await createTask(officer, { remindAt: inSeconds(120) });
    await waitUntil(
      'its job queued',
      async () => Boolean(await queue.getJob(reminderJobId(done.id, new Date(done.remindAt)))),
      5_000,
    );
    expect(
      (await as(officer).patch(`/tasks/${done.id}`, { version: done.version, status: 'done' })).json(),
    ).toMatchObject({ status: 'done' });
    await waitUntil(
      'its job removed',
      async () => !(await queue.getJob(reminderJobId(done.id, new Date(done.remindAt)))),
      5_000,
    );
    expect(await t.app.get(ReminderRunner).fire(done.id, new Date(done.remindAt))).toBe('skipped');
    expect(await reminders(officer, done.id)).toBe(0);
    expect(await reminders(officer, firing.id)).toBe(1);
    expect(await reminders(officer, moved.id)).toBe(1);
    // The unread count comes with the signed-in user.
    expect((await as(officer).get('/auth/me')).json().unreadNotifications).toBeGreaterThanOrEqual(2);
  });

  it('delivers a reminder once though its job runs twice (a worker crash after the work)', async () => {
    const task = await createTask(officer, { remindAt: inSeconds(30) });
    const runner = t.app.get(ReminderRunner);
    const remindAt = new Date(task.remindAt);
    // The job's work done twice, as when a worker dies before it can mark the job complete.
    expect(await Promise.all([runner.fire(task.id, remindAt), runner.fire(task.id, remindAt)])).toEqual(
      expect.arrayContaining(['delivered', 'skipped']),
    );
    expect(await reminders(officer, task.id)).toBe(1);
    expect(await runner.fire(task.id, remindAt)).toBe('skipped');
  });

  it('restores every pending reminder after Redis loses the queue, none lost and none doubled', async () => {
    const tasks = await Promise.all([3, 4, 5].map((seconds) => createTask(officer, { remindAt: inSeconds(seconds) })));
    const queue = t.app.get<Queue>(getQueueToken(QueueName.Reminders));
    expect(await deleteRedisKeys(loadConfig().redis, `${process.env.QUEUE_PREFIX}:${queue.name}:*`)).toBeGreaterThan(0);
    for (const task of tasks)
      await waitUntil(`reminder of task ${task.id}`, async () => (await reminders(officer, task.id)) === 1, 25_000);
    await t.app.get(ReminderRunner).reconcile();
    for (const task of tasks) expect(await reminders(officer, task.id)).toBe(1);
  }, 60_000);

  it('opens the next occurrence of a recurring task when one is done', async () => {
    expect(
      (
        await as(officer).post('/tasks', { title: '月度回访', dueAt: inSeconds(3600), recurrence: 'FREQ=HOURLY' })
      ).json().details[0].field,
    ).toBe('recurrence');
    const monthly = await createTask(officer, {
      title: '签约企业月度回访',
      dueAt: '2026-12-01T02:00:00.000Z',
      recurrence: 'FREQ=MONTHLY',
    });
    expect(monthly.remindAt).toBe('2026-11-30T01:00:00.000Z');
    await as(officer).patch(`/tasks/${monthly.id}`, { version: monthly.version, status: 'done' });
    const open = (await as(officer).get('/tasks?assignee=me&status=open&limit=200')).json().items;
    const next = open.find(
      (task: { title: string; source: string }) => task.title === '签约企业月度回访' && task.source === 'recurrence',
    );
    expect(next).toMatchObject({ dueAt: '2027-01-01T02:00:00.000Z', recurrence: 'FREQ=MONTHLY' });
    expect(
      (await as(officer).patch(`/tasks/${monthly.id}`, { version: monthly.version + 1, status: 'open' })).statusCode,
    ).toBe(409);
  });

  it('lists "my day", keeps other units’ tasks out, and validates what it is given', async () => {
    const mine = await createTask(officer, { title: '今日事项', dueAt: inSeconds(600) });
    const theirs = await createTask(colleague, { title: '同事事项', dueAt: inSeconds(600) });
    const myDay = (
      await as(officer).get(`/tasks?assignee=me&status=open&dueBefore=${encodeURIComponent(inSeconds(3 * 3600))}`)
    )
      .json()
      .items.map((task: { id: string }) => task.id);
    expect(myDay).toContain(mine.id);
    expect(myDay).not.toContain(theirs.id);
    expect(
      (await as(manager).get(`/tasks?assignee=${colleague.id}&limit=200`))
        .json()
        .items.map((task: { id: string }) => task.id),
    ).toContain(theirs.id);
    expect((await as(stranger).get(`/tasks/${mine.id}`)).statusCode).toBe(404);
    expect((await as(stranger).get(`/tasks?assignee=${officer.id}`)).json().items).toEqual([]);
    const assignOutside = await as(officer).post('/tasks', {
      title: 'x',
      dueAt: inSeconds(60),
      assigneeId: stranger.id,
    });
    expect(assignOutside.json().details[0]).toMatchObject({ field: 'assigneeId', constraint: 'isAssignable' });
    const bad = await as(officer).post('/tasks', { title: '', dueAt: 'tomorrow', extra: true });
    expect(bad.statusCode).toBe(400);
    const late = await as(officer).post('/tasks', { title: 'x', dueAt: inSeconds(60), remindAt: inSeconds(120) });
    expect(late.json().details[0].field).toBe('remindAt');
    expect(
      (await as(officer).patch(`/tasks/${theirs.id}`, { version: theirs.version, status: 'done' })).statusCode,
    ).toBe(403);
    expect(
      (await as(manager).patch(`/tasks/${theirs.id}`, { version: theirs.version, assigneeId: officer.id })).json()
        .assigneeId,
    ).toBe(officer.id);
  });

  it('turns a lead’s next follow-up and a visit’s next steps into tasks', async () => {
    const lead = await createLead(
      t,
      { regionCode: '450300', nextFollowUpAt: '2026-12-10T02:00:00.000Z' },
      officer.token,
    );
    const followUps = () =>
      as(officer)
        .get(`/tasks?leadId=${lead.id}&status=open`)
        .then((res) => res.json().items);
    expect(await followUps()).toEqual([
      expect.objectContaining({
        source: 'follow_up',
        dueAt: '2026-12-10T02:00:00.000Z',
        assigneeId: officer.id,
        // Names beside the ids, so the task list needs no look-ups of its own.
        leadTitle: lead.title,
        companyName: lead.companyName,
        assigneeName: expect.stringMatching(/\S/),
        createdByName: expect.stringMatching(/\S/),
      }),
    ]);
    await as(officer).patch(`/leads/${lead.id}`, { version: lead.version, nextFollowUpAt: '2026-12-15T02:00:00.000Z' });
    expect((await followUps()).map((task: { dueAt: string }) => task.dueAt)).toEqual(['2026-12-15T02:00:00.000Z']);
    // Back to the first date: a new follow-up again (the cancelled one does not block it).
    await as(officer).patch(`/leads/${lead.id}`, {
      version: lead.version + 1,
      nextFollowUpAt: '2026-12-10T02:00:00.000Z',
    });
    expect((await followUps()).map((task: { dueAt: string }) => task.dueAt)).toEqual(['2026-12-10T02:00:00.000Z']);
    // A new owner (the form sending the same date back) takes the follow-up over.
    await as(officer).patch(`/leads/${lead.id}`, {
      version: lead.version + 2,
      ownerUserId: colleague.id,
      nextFollowUpAt: '2026-12-10T02:00:00.000Z',
    });
    expect(
      (await followUps()).map((task: { assigneeId: string; dueAt: string }) => [task.assigneeId, task.dueAt]),
    ).toEqual([[colleague.id, '2026-12-10T02:00:00.000Z']]);
    // A lead that is lost needs no more follow-up.
    await as(officer).post(`/leads/${lead.id}/transitions`, {
      version: lead.version + 3,
      to: 'lost',
      reason: '企业放弃',
    });
    expect(await followUps()).toEqual([]);
  });

  it('warns yellow with a task for the owner, then red with exactly one supervision slip', async () => {
    const lead = await createLead(t, { regionCode: '450300' }, officer.token);
    const dataSource = t.app.get(DataSource);
    const stall = t.app.get(StallWatch);
    const idle = (days: number) =>
      dataSource.query('UPDATE leads SET last_activity_at = ? WHERE id = ?', [
        new Date(Date.now() - days * 24 * 3600 * 1000),
        lead.id,
      ]);
    await idle(40); // about 28 working days: past version 1's 21, short of its 42
    await stall.run();
    await stall.run();
    expect((await as(officer).get(`/leads/${lead.id}`)).json().health).toBe('yellow');
    expect(
      (await as(officer).get('/leads?health=yellow&limit=200')).json().items.map((l: { id: string }) => l.id),
    ).toContain(lead.id);
    const stallTasks = (await as(officer).get(`/tasks?leadId=${lead.id}`))
      .json()
      .items.filter((task: { source: string }) => task.source === 'stall');
    expect(stallTasks).toHaveLength(1);

    // Still no activity, now past the red step (about 56 working days): red, one slip, however often the watch runs.
    await dataSource.query(
      'UPDATE leads SET last_activity_at = DATE_SUB(last_activity_at, INTERVAL 40 DAY), stall_episode_at = DATE_SUB(stall_episode_at, INTERVAL 40 DAY) WHERE id = ?',
      [lead.id],
    );
    await stall.run();
    await stall.run();
    expect((await as(officer).get(`/leads/${lead.id}`)).json().health).toBe('red');
    expect(
      (await as(officer).get('/leads?health=red&limit=200')).json().items.map((l: { id: string }) => l.id),
    ).toContain(lead.id);
    const slips = (await as(manager).get('/supervision-slips?status=open&limit=200'))
      .json()
      .items.filter((slip: { leadId: string }) => slip.leadId === lead.id);
    expect(slips).toHaveLength(1);
    expect(
      (await as(officer).get(`/tasks?leadId=${lead.id}`))
        .json()
        .items.filter((task: { source: string }) => task.source === 'stall'),
    ).toHaveLength(1);
    expect(
      (await as(manager).get('/notifications?limit=200'))
        .json()
        .items.some(
          (n: { kind: string; subjectId: string }) => n.kind === 'supervision_slip' && n.subjectId === slips[0].id,
        ),
    ).toBe(true);
    expect((await as(stranger).post(`/supervision-slips/${slips[0].id}/answer`, { answer: '越权' })).statusCode).toBe(
      403,
    );
    const answered = await as(manager).post(`/supervision-slips/${slips[0].id}/answer`, {
      answer: '已约企业复谈，专人跟进',
    });
    expect(answered.json()).toMatchObject({
      status: 'answered',
      answeredBy: manager.id,
      leadTitle: lead.title,
      answeredByName: expect.stringMatching(/\S/),
    });
    expect(slips[0]).toMatchObject({ leadTitle: lead.title, answeredByName: null });
    // The slip keeps naming its lead as it is now: a rename reaches the list (which reads the slip's own copy).
    const { version } = (await as(officer).get(`/leads/${lead.id}`)).json();
    const renamed = `${lead.title}（二期）`;
    expect((await as(officer).patch(`/leads/${lead.id}`, { version, title: renamed })).statusCode).toBe(200);
    expect(
      (await as(manager).get('/supervision-slips?limit=200'))
        .json()
        .items.find((slip: { id: string }) => slip.id === slips[0].id),
    ).toMatchObject({ leadTitle: renamed });
    expect((await as(manager).post(`/supervision-slips/${slips[0].id}/answer`, { answer: '再答' })).statusCode).toBe(
      409,
    );

    // New activity ends the episode: green again.
    await as(officer).post(`/leads/${lead.id}/notes`, { body: '企业回复有意向' });
    expect((await as(officer).get(`/leads/${lead.id}`)).json().health).toBe('green');
  });

  it('sends unit alerts to the robots, keeping in-app delivery and the working robot going while one fails', async () => {
    const lead = await createLead(t, { regionCode: '450300' }, officer.token);
    await t.app
      .get(DataSource)
      .query('UPDATE leads SET last_activity_at = ? WHERE id = ?', [
        new Date(Date.now() - 100 * 24 * 3600 * 1000),
        lead.id,
      ]);
    await t.app.get(StallWatch).run();
    const slip = (await as(manager).get('/supervision-slips?status=open&limit=200'))
      .json()
      .items.find((item: { leadId: string }) => item.leadId === lead.id);
    expect(
      (await as(manager).get('/notifications?limit=200'))
        .json()
        .items.some((n: { subjectId: string }) => n.subjectId === slip.id),
    ).toBe(true);
    await waitUntil(
      'DingTalk received the slip',
      () => dingtalk.received.some((message) => JSON.stringify(message.body).includes('督办单')),
      15_000,
    );
    const signed = new URL(
      dingtalk.received.find((message) => JSON.stringify(message.body).includes('督办单'))!.url,
      'http://x',
    );
    expect(signed.searchParams.get('timestamp')).toMatch(/^\d{13}$/);
    expect(signed.searchParams.get('sign')).toBeTruthy();
    const deliveries = async (status = '') =>
      (await t.request({ method: 'GET', url: `/api/v1/admin/notification-deliveries?limit=200${status}` })).json()
        .items;
    await waitUntil(
      'WeCom tried and failed',
      async () =>
        (await deliveries()).some(
          (d: { channel: string; attempts: number; lastError: string | null }) =>
            d.channel === 'wecom' && d.attempts >= 1 && d.lastError !== null,
        ),
      15_000,
    );
    expect((await deliveries('&status=sent')).some((d: { channel: string }) => d.channel === 'dingtalk')).toBe(true);
    // Personal reminders never go to a group.
    expect(dingtalk.received.some((message) => JSON.stringify(message.body).includes('待办提醒'))).toBe(false);
    expect((await as(officer).get('/admin/notification-deliveries')).statusCode).toBe(403);
  });

  it('serves a calendar feed that parses, and refuses a wrong or replaced token', async () => {
    await createTask(officer, { title: '拜访惠科电子', dueAt: inSeconds(7200) });
    const first = (await as(officer).post('/calendar/token')).json();
    const feed = await t.request({ method: 'GET', url: first.path }, null);
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toContain('text/calendar');
    const events = Object.values(ical.sync.parseICS(feed.body)).filter((item) => item?.type === 'VEVENT') as Array<{
      summary: string;
    }>;
    expect(events.some((event) => String(event.summary).includes('拜访惠科电子'))).toBe(true);
    expect((await t.request({ method: 'GET', url: `/api/v1/calendar/${'x'.repeat(43)}.ics` }, null)).statusCode).toBe(
      404,
    );
    expect((await t.request({ method: 'GET', url: '/api/v1/calendar/short.ics' }, null)).statusCode).toBe(400);
    const second = (await as(officer).post('/calendar/token')).json();
    expect((await t.request({ method: 'GET', url: first.path }, null)).statusCode).toBe(404);
    expect((await t.request({ method: 'GET', url: second.path }, null)).statusCode).toBe(200);
  });

  it('sends each user one digest a day with what needs them', async () => {
    await createTask(officer, { title: '已逾期', dueAt: inSeconds(-3600), remindAt: inSeconds(-7200) });
    const digest = t.app.get(DigestService);
    await digest.run();
    await digest.run();
    const digests = (await as(officer).get('/notifications?limit=200'))
      .json()
      .items.filter((n: { kind: string }) => n.kind === 'digest');
    expect(digests).toHaveLength(1);
    expect(digests[0].body).toMatch(/待办/);
  });

  it('shows queue health and the queue board to administrators only', async () => {
    const health = (await t.request({ method: 'GET', url: '/api/v1/admin/queues' })).json().items;
    expect(health.map((queue: { name: string }) => queue.name)).toEqual(
      expect.arrayContaining(['reminders', 'notifications', 'linkage', 'imports', 'system']),
    );
    expect(health[0]).toMatchObject({
      waiting: expect.any(Number),
      delayed: expect.any(Number),
      active: expect.any(Number),
      failed: expect.any(Number),
    });
    expect((await as(officer).get('/admin/queues')).statusCode).toBe(403);
    expect((await t.request({ method: 'GET', url: '/admin/queues' }, null)).statusCode).toBe(401);
    expect((await t.request({ method: 'GET', url: '/admin/queues' }, officer.token)).statusCode).toBe(403);
    const board = await t.request({ method: 'GET', url: '/admin/queues' });
    expect(board.statusCode).toBe(200);
    expect(board.body).toContain('<html');
    const company = await createCompany(t);
    expect(company.id).toBeDefined();
  });
});
