import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import Redis from 'ioredis';
import { QueueName } from '../../../src/core/queue/queue.constants';
import { createLead } from '../../utils/records';
import { waitUntil } from '../../utils/spawned-app';
import { startTestApp, TestApp } from '../../utils/test-app';
import { createSignedInUser, TestUser } from '../../utils/users';

// Deadlines shortened by configuration: 4 s to accept a dispatch (reminder at 2 s, overdue at 4 s, one level
// higher at 8 s), 6 s to feed back to a chamber, 4 s to confirm a claimed signing, reconcile every 5 s.
const SHORT_DEADLINES = {
  DISPATCH_ACCEPT_DEADLINE: '4s',
  ESCALATION_ANSWER_DEADLINE: '4s',
  CHAMBER_FEEDBACK_DEADLINE: '6s',
  SIGNING_CONFIRM_DEADLINE: '4s',
  LINKAGE_RECONCILE_SECONDS: '5',
};

describe('linkage deadlines enforce themselves', () => {
  let t: TestApp;
  let cityOfficer: TestUser;
  let cityManager: TestUser;
  let countyOfficer: TestUser;
  let regionManager: TestUser;

  beforeAll(async () => {
    t = await startTestApp(SHORT_DEADLINES);
    cityOfficer = await createSignedInUser(t, 'officer', '450100');
    cityManager = await createSignedInUser(t, 'manager', '450100');
    countyOfficer = await createSignedInUser(t, 'officer', '450102');
    regionManager = await createSignedInUser(t, 'manager', '450000');
  });
  afterAll(() => t.close());

  const notifications = async (user: TestUser, subjectId: string) =>
    (
      (await t.request({ method: 'GET', url: '/api/v1/notifications?limit=200' }, user.token)).json().items as Array<{
        kind: string;
        subjectId: string;
      }>
    )
      .filter((n) => n.subjectId === subjectId)
      .map((n) => n.kind)
      .sort();
  const dispatchOf = async (id: string) =>
    (await t.request({ method: 'GET', url: `/api/v1/dispatches/${id}` }, cityOfficer.token)).json();
  const sendToCounty = async () => {
    const lead = await createLead(t, { regionCode: '450100' }, cityOfficer.token);
    const res = await t.request(
      { method: 'POST', url: `/api/v1/leads/${lead.id}/dispatches`, payload: { toRegionCode: '450102' } },
      cityOfficer.token,
    );
    expect(res.statusCode).toBe(201);
    return { lead, dispatch: res.json() as { id: string; dueAt: string } };
  };

  it('reminds the receiver, turns overdue and tells the managers one and then two levels up, once each, across a restart', async () => {
    const { lead, dispatch } = await sendToCounty();
    await waitUntil(
      'the reminder',
      async () => (await notifications(countyOfficer, dispatch.id)).includes('dispatch_reminder'),
      15_000,
    );
    await waitUntil(
      'the city managers told',
      async () => (await notifications(cityManager, dispatch.id)).includes('dispatch_overdue'),
      15_000,
    );
    expect((await dispatchOf(dispatch.id)).overdueLevel).toBeGreaterThanOrEqual(1);
    const overdueBoard = (await t.request({ method: 'GET', url: '/api/v1/linkage/overdue' }, cityManager.token)).json()
      .items;
    expect(overdueBoard.map((item: { id: string }) => item.id)).toContain(dispatch.id);
    await waitUntil(
      'the region managers told',
      async () => (await notifications(regionManager, dispatch.id)).includes('dispatch_overdue'),
      15_000,
    );
    expect(await dispatchOf(dispatch.id)).toMatchObject({ status: 'pending', overdueLevel: 2 });
    expect(Date.parse((await dispatchOf(dispatch.id)).overdueAt)).toBeGreaterThanOrEqual(Date.parse(dispatch.dueAt));

    // A worker restart reconciles from the database and sends nothing twice.
    await t.close();
    t = await startTestApp(SHORT_DEADLINES);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(await notifications(countyOfficer, dispatch.id)).toEqual(['dispatch_received', 'dispatch_reminder']);
    expect(await notifications(cityManager, dispatch.id)).toEqual(['dispatch_overdue']);
    expect(await notifications(regionManager, dispatch.id)).toEqual(['dispatch_overdue']);
    const timeline = (
      await t.request({ method: 'GET', url: `/api/v1/leads/${lead.id}/timeline` }, cityOfficer.token)
    ).json().items;
    expect(
      timeline
        .filter((entry: { data: { event?: string } }) => entry.data.event === 'overdue')
        .map((entry: { data: { level: number } }) => entry.data.level),
    ).toEqual([2, 1]);

    // Late, but still accepted; nothing more is pending for it.
    expect(
      (
        await t.request(
          { method: 'POST', url: `/api/v1/dispatches/${dispatch.id}/accept`, payload: {} },
          countyOfficer.token,
        )
      ).statusCode,
    ).toBe(200);
  }, 60_000);

  it('loses no deadline when Redis loses the queue, and answering in time cancels what is pending', async () => {
    const lost = await sendToCounty();
    const answered = await sendToCounty();
    // Redis loses every key of the linkage queue (jobs, schedules): the database still has the deadlines.
    const queue = t.app.get<Queue>(getQueueToken(QueueName.Linkage));
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    try {
      const keys = await redis.keys(`${process.env.QUEUE_PREFIX}:${queue.name}:*`);
      expect(keys.length).toBeGreaterThan(0);
      await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
    expect(
      (
        await t.request(
          { method: 'POST', url: `/api/v1/dispatches/${answered.dispatch.id}/accept`, payload: {} },
          countyOfficer.token,
        )
      ).statusCode,
    ).toBe(200);

    await waitUntil(
      'the lost deadline fired from the database',
      async () => (await notifications(cityManager, lost.dispatch.id)).includes('dispatch_overdue'),
      25_000,
    );
    expect(await notifications(countyOfficer, lost.dispatch.id)).toEqual(['dispatch_received', 'dispatch_reminder']);
    expect(await notifications(cityManager, lost.dispatch.id)).toEqual(['dispatch_overdue']);
    // The accepted one reminded and escalated nobody.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await notifications(countyOfficer, answered.dispatch.id)).toEqual(['dispatch_received']);
    expect(await notifications(cityManager, answered.dispatch.id)).toEqual([]);
  }, 60_000);

  it('reminds the confirming unit of a claimed signing, escalates it when late, and a ruling stops the clock', async () => {
    const claimed = async () => {
      const lead = await createLead(t, { regionCode: '450102' }, countyOfficer.token);
      const res = await t.request(
        {
          method: 'POST',
          url: `/api/v1/leads/${lead.id}/transitions`,
          payload: {
            version: lead.version,
            to: 'signed',
            signedAt: new Date().toISOString(),
            signedAmount: 3,
            parkName: '兴宁产业园',
          },
        },
        countyOfficer.token,
      );
      expect(res.statusCode).toBe(201);
      return String(res.json().pendingClaimId);
    };
    const late = await claimed();
    const ruled = await claimed();
    const confirmed = await t.request(
      { method: 'POST', url: `/api/v1/claims/${ruled}/confirm`, payload: { version: 1 } },
      cityManager.token,
    );
    expect(confirmed.statusCode).toBe(200);
    await waitUntil(
      'the city managers reminded',
      async () => (await notifications(cityManager, late)).includes('signing_claim_reminder'),
      15_000,
    );
    await waitUntil(
      'the region managers told',
      async () => (await notifications(regionManager, late)).includes('signing_claim_overdue'),
      15_000,
    );
    const claim = (await t.request({ method: 'GET', url: `/api/v1/claims/${late}` }, cityManager.token)).json();
    expect(claim).toMatchObject({ status: 'pending', overdueLevel: 1 });
    // Late, it may also be ruled on by the unit it was escalated to; the one confirmed in time reminded nobody.
    const lateConfirm = await t.request(
      { method: 'POST', url: `/api/v1/claims/${late}/confirm`, payload: { version: claim.version } },
      regionManager.token,
    );
    expect(lateConfirm.statusCode).toBe(200);
    // Ids of claims and dispatches are separate sequences: only the claim's own notifications are compared.
    const ofClaim = async (user: TestUser, id: string) =>
      (await notifications(user, id)).filter((kind) => kind.startsWith('signing_claim'));
    expect(await ofClaim(cityManager, ruled)).toEqual([]);
    expect(await ofClaim(regionManager, ruled)).toEqual([]);
    expect(await ofClaim(regionManager, late)).toEqual(['signing_claim_overdue']);
  }, 60_000);

  it('holds the chamber feedback to its deadline, and feedback given stops the clock', async () => {
    const chamber = (
      await t.request({
        method: 'POST',
        url: '/api/v1/chambers',
        payload: { name: `东莞广西商会${Date.now()}`, kind: 'guangxi_chamber', regionCode: '441900' },
      })
    ).json();
    const owed = await createLead(
      t,
      { regionCode: '450100', source: { kind: 'chamber', chamberId: chamber.id } },
      cityOfficer.token,
    );
    const given = await createLead(
      t,
      { regionCode: '450100', source: { kind: 'chamber', chamberId: chamber.id } },
      cityOfficer.token,
    );
    const feedback = await t.request(
      {
        method: 'PATCH',
        url: `/api/v1/leads/${given.id}`,
        payload: { version: given.version, chamberFeedbackGivenAt: new Date().toISOString() },
      },
      cityOfficer.token,
    );
    expect(feedback.statusCode).toBe(200);
    await waitUntil(
      'the owner reminded',
      async () => (await notifications(cityOfficer, owed.id)).includes('chamber_feedback_reminder'),
      15_000,
    );
    await waitUntil(
      'the region managers told',
      async () => (await notifications(regionManager, owed.id)).includes('chamber_feedback_overdue'),
      15_000,
    );
    expect(await notifications(cityOfficer, given.id)).toEqual([]);
    expect(await notifications(regionManager, given.id)).toEqual([]);
  }, 60_000);
});
