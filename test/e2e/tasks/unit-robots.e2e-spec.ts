import { DataSource } from 'typeorm';
import { idleSince } from '../../../src/core/common/deadline-calendar';
import { StallWatch } from '../../../src/modules/tasks/stall.watch';
import { FakeRobot } from '../../utils/fake-robot';
import { createLead } from '../../utils/records';
import { waitUntil } from '../../utils/spawned-app';
import { startTestApp, TestApp } from '../../utils/test-app';
import { createSignedInUser, TestUser } from '../../utils/users';

const COUNTY = '450305'; // a county of 桂林
const OTHER_COUNTY = '450311'; // another county of 桂林
const CITY = '450300';

describe('group robots per unit (each city and county its own 企业微信 / 钉钉 group)', () => {
  let t: TestApp;
  let officer: TestUser;
  let countyManager: TestUser;
  let cityManager: TestUser;
  let otherCityManager: TestUser;
  const countyRobot = new FakeRobot(200);
  const cityRobot = new FakeRobot(200);
  const otherCountyRobot = new FakeRobot(200);
  const urls: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp({ WEBHOOK_ALLOW_PRIVATE_NETWORK: 'true' }); // the fake robots listen on loopback
    officer = await createSignedInUser(t, 'officer', COUNTY);
    countyManager = await createSignedInUser(t, 'manager', COUNTY);
    cityManager = await createSignedInUser(t, 'manager', CITY);
    otherCityManager = await createSignedInUser(t, 'manager', '450400');
    urls.county = await countyRobot.start('/county/send');
    urls.city = await cityRobot.start('/city/send');
    urls.otherCounty = await otherCountyRobot.start('/other/send');
  });
  afterAll(async () => {
    await t.close();
    await Promise.all([countyRobot.stop(), cityRobot.stop(), otherCountyRobot.stop()]);
  });

  const as = (user: TestUser | null) => ({
    get: (url: string) => t.request({ method: 'GET', url: `/api/v1${url}` }, user?.token),
    post: (url: string) => t.request({ method: 'POST', url: `/api/v1${url}`, payload: {} }, user?.token),
    put: (url: string, payload: Record<string, unknown>) =>
      t.request({ method: 'PUT', url: `/api/v1${url}`, payload }, user?.token),
    delete: (url: string) => t.request({ method: 'DELETE', url: `/api/v1${url}` }, user?.token),
  });

  it('lets a unit’s managers register its robots, masked when read, audited without the token', async () => {
    const saved = await as(countyManager).put(`/regions/${COUNTY}/robots/dingtalk`, {
      webhookUrl: urls.county,
      secret: 'SEC-county-secret',
      enabled: true,
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({
      regionCode: COUNTY,
      channel: 'dingtalk',
      hasSecret: true,
      enabled: true,
      version: 1,
      webhookUrlMasked: expect.stringMatching(/\/county\/send\?…1234$/),
    });
    // The city's managers keep their own robot and reach the counties below them.
    expect(
      (await as(cityManager).put(`/regions/${CITY}/robots/wecom`, { webhookUrl: urls.city, enabled: true })).statusCode,
    ).toBe(200);
    expect(
      (
        await as(cityManager).put(`/regions/${OTHER_COUNTY}/robots/wecom`, {
          webhookUrl: urls.otherCounty,
          enabled: true,
        })
      ).statusCode,
    ).toBe(200);
    const listed = await as(cityManager).get(`/regions/${COUNTY}/robots`);
    expect(listed.json().items.map((robot: { channel: string }) => robot.channel)).toEqual(['dingtalk']);
    expect(listed.body).not.toContain('test-token');
    expect(listed.body).not.toContain('SEC-county');
    const audit = await t.request({ method: 'GET', url: '/api/v1/audit?entity=unit_robot&limit=50' });
    expect(audit.json().items.length).toBeGreaterThanOrEqual(3);
    expect(audit.body).not.toContain('test-token');
    expect(audit.body).not.toContain('SEC-county');
  });

  it('refuses what it must: other jurisdictions (404), officers (403), bad addresses, a stale version', async () => {
    expect((await as(otherCityManager).get(`/regions/${COUNTY}/robots`)).statusCode).toBe(404);
    expect(
      (await as(otherCityManager).put(`/regions/${COUNTY}/robots/wecom`, { webhookUrl: urls.city, enabled: true }))
        .statusCode,
    ).toBe(404);
    expect((await as(countyManager).get(`/regions/${CITY}/robots`)).statusCode).toBe(404);
    expect((await as(officer).get(`/regions/${COUNTY}/robots`)).statusCode).toBe(403);
    expect((await as(countyManager).get('/regions/440300/robots')).statusCode).toBe(404);
    for (const [payload, field] of [
      [{ webhookUrl: 'file:///etc/passwd', enabled: true }, 'webhookUrl'],
      [{ webhookUrl: 'not a url', enabled: true }, 'webhookUrl'],
      [{ webhookUrl: urls.county, enabled: 'yes' }, 'enabled'],
      [{ webhookUrl: urls.county, secret: 'SEC-x', enabled: true }, 'secret'],
    ] as const) {
      const res = await as(countyManager).put(`/regions/${COUNTY}/robots/wecom`, payload);
      expect({ status: res.statusCode, field: res.json().details?.[0]?.field }).toEqual({ status: 400, field });
    }
    expect(
      (await as(countyManager).put(`/regions/${COUNTY}/robots/sms`, { webhookUrl: urls.county, enabled: true }))
        .statusCode,
    ).toBe(400);
    expect(
      (await as(countyManager).put(`/regions/${COUNTY}/robots/wecom`, { enabled: true })).json().details[0],
    ).toMatchObject({ field: 'webhookUrl', constraint: 'isDefined' });
    const stale = await as(countyManager).put(`/regions/${COUNTY}/robots/dingtalk`, {
      webhookUrl: urls.county,
      enabled: true,
    });
    expect(stale.statusCode).toBe(409);
    expect((await as(countyManager).get(`/regions/${COUNTY}/robots`)).json().items[0]).toMatchObject({
      hasSecret: true,
      version: 1,
    });
  });

  it('posts a unit’s alerts to its own group and its parent’s, signed, and not to other units’ groups', async () => {
    const lead = await createLead(t, { title: '机器人督办项目' }, officer.token);
    await t.app
      .get(DataSource)
      .query('UPDATE leads SET last_activity_at = ? WHERE id = ?', [
        new Date(idleSince(new Date(), 43).getTime() - 3600_000),
        lead.id,
      ]);
    await t.app.get(StallWatch).run();
    await waitUntil(
      'the county and the city groups got the 督办单',
      () =>
        countyRobot.messagesWith('机器人督办项目').length > 0 && cityRobot.messagesWith('机器人督办项目').length > 0,
    );
    const signed = new URL(countyRobot.messagesWith('机器人督办项目')[0].url, 'http://x');
    expect(signed.searchParams.get('sign')).toBeTruthy();
    expect(signed.searchParams.get('access_token')).toBe('test-token-1234');
    expect(cityRobot.messagesWith('机器人督办项目')).toHaveLength(1);
    expect(otherCountyRobot.messagesWith('机器人督办项目')).toHaveLength(0);
  });

  it('sends a test message, stops posting to a robot turned off, and forgets a removed one', async () => {
    const test = await as(countyManager).post(`/regions/${COUNTY}/robots/dingtalk/test`);
    expect(test.statusCode).toBe(200);
    await waitUntil('the test message arrived', () => countyRobot.messagesWith('群机器人测试消息').length > 0);

    const current = (await as(cityManager).get(`/regions/${OTHER_COUNTY}/robots`)).json().items[0];
    expect(
      (
        await as(cityManager).put(`/regions/${OTHER_COUNTY}/robots/wecom`, {
          version: current.version,
          enabled: false,
        })
      ).json(),
    ).toMatchObject({ enabled: false, version: 2 });
    const otherCountyOfficer = await createSignedInUser(t, 'officer', OTHER_COUNTY);
    await createSignedInUser(t, 'manager', OTHER_COUNTY);
    const quiet = await createLead(t, { title: '关闭机器人项目' }, otherCountyOfficer.token);
    await t.app
      .get(DataSource)
      .query('UPDATE leads SET last_activity_at = ? WHERE id = ?', [
        new Date(idleSince(new Date(), 43).getTime() - 3600_000),
        quiet.id,
      ]);
    await t.app.get(StallWatch).run();
    await waitUntil('the city group got the 督办单', () => cityRobot.messagesWith('关闭机器人项目').length > 0);
    expect(otherCountyRobot.messagesWith('关闭机器人项目')).toHaveLength(0);

    expect((await as(countyManager).delete(`/regions/${COUNTY}/robots/dingtalk`)).statusCode).toBe(204);
    expect((await as(countyManager).get(`/regions/${COUNTY}/robots`)).json().items).toEqual([]);
    expect((await as(countyManager).delete(`/regions/${COUNTY}/robots/dingtalk`)).statusCode).toBe(404);
    expect((await as(countyManager).post(`/regions/${COUNTY}/robots/dingtalk/test`)).statusCode).toBe(404);
  });
});
