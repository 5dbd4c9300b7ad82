import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, statSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot, signInThroughUi, watchPageErrors } from '../utils/browser';
import { Journey, apiCalls, expectRendered, markNavigation } from '../utils/journey';
import { confirmClaim, createCompany, createLead } from '../utils/records';
import { startTestApp, type TestApp } from '../utils/test-app';
import { createSignedInUser, TEST_USER_PASSWORD, type TestUser } from '../utils/users';
import { waitUntil } from '../utils/spawned-app';
import { webAppDirectory } from '../../src/core/web/web-app';

// The three journeys of the issue, timed, in Debian's chromium against the real server: (1) an officer of 南宁市
// registers a lead a chamber brought, moves it to 洽谈, dispatches it to 兴宁区 (whose officer accepts it) and sets a
// follow-up; (2) a resident on a 375 px phone logs a visit while offline, sent once on reconnect with its
// Idempotency-Key, and sees another team's visit and the calendar; (3) a manager opens 驾驶舱, the funnel and the
// quarterly bulletin and downloads it. Each journey prints its steps, API requests and times; every page renders with
// at most MAX_RENDER_REQUESTS API requests (expectRendered). Data that is not the journey's point is made through the API.

jest.setTimeout(120_000);

const DESKTOP = { width: 1366, height: 850 };
const PHONE = { width: 375, height: 812 };
const CITY = '450100'; // 南宁市
const COUNTY = '450102'; // 兴宁区
const stamp = Date.now().toString(36);

describe('journeys in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let cityOfficer: TestUser;
  let countyOfficer: TestUser;
  let resident: TestUser;
  let otherResident: TestUser;
  let manager: TestUser;
  let company: { id: string; name: string };
  let chamber: { id: string; name: string };
  const contexts: BrowserContext[] = [];

  const api = async (token: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => {
    const res = await t.request({ method, url: `/api/v1${url}`, payload: payload as Record<string, unknown> }, token);
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };

  beforeAll(async () => {
    if (!existsSync(join(webAppDirectory(), 'index.html')))
      throw new Error('dist/web is missing: run npm run build:web (npm test does)');
    t = await startTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    cityOfficer = await createSignedInUser(t, 'officer', CITY, 'jcity');
    countyOfficer = await createSignedInUser(t, 'officer', COUNTY, 'jcounty');
    resident = await createSignedInUser(t, 'resident', COUNTY, 'jresident');
    otherResident = await createSignedInUser(t, 'resident', CITY, 'jresident2');
    manager = await createSignedInUser(t, 'manager', CITY, 'jmanager');
    company = await createCompany(t, { name: `桂邕新材${stamp}有限公司` });
    chamber = await api(t.adminToken, 'POST', '/chambers', {
      name: `深圳市广西商会${stamp}`,
      kind: 'guangxi_chamber',
      regionCode: '440300',
      clusterCodes: ['electronics'],
      agreementSignedAt: '2026-03-01',
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function newPage(journey: Journey, viewport = DESKTOP): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    contexts.push(context);
    const page = await context.newPage();
    journey.track(page);
    return { page, errors: watchPageErrors(page) };
  }

  async function pickRemote(page: Page, selectTestId: string, text: string): Promise<void> {
    await page.locator(`[data-test=${selectTestId}]`).click();
    await page.keyboard.type(text);
    await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click();
  }

  async function pickOption(page: Page, selectTestId: string, label: string): Promise<void> {
    await page.locator(`[data-test=${selectTestId}]`).click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: label }).first().click();
  }

  async function signIn(journey: Journey, page: Page, user: TestUser): Promise<void> {
    // The app's start (reference data) and the workbench: timed and listed, not bounded (no-ids.e2e-spec.ts bounds
    // the workbench itself, opened from the menu).
    await journey.step('sign in (login page → workbench, the app starts)', async () => {
      await signInThroughUi(page, baseUrl, user.username, TEST_USER_PASSWORD);
      await page.locator('[data-test=wb-tasks]').waitFor();
      await page.waitForLoadState('networkidle');
    });
  }

  it('(1) an officer registers a chamber lead, moves it to 洽谈, dispatches it to a county that accepts, sets a follow-up', async () => {
    const journey = new Journey('journey 1: officer of 南宁市 — chamber lead → 洽谈 → 交办兴宁区 → 下次跟进');
    const { page, errors } = await newPage(journey);
    const title = `智能光伏组件项目${stamp}`;
    try {
      await signIn(journey, page, cityOfficer);
      await journey.open(page, baseUrl, '/leads', '项目线索', '[data-test=lead-table]');

      await journey.step('register the lead (source 商会/协会, the chamber)', async () => {
        await page.click('[data-test=lead-create]');
        await pickRemote(page, 'lead-company', company.name);
        await page.fill('[data-test=lead-title]', title);
        await pickOption(page, 'lead-cluster', '电子信息');
        await pickOption(page, 'lead-source-kind', '商会/协会');
        await pickRemote(page, 'lead-chamber', chamber.name);
        const posted = page.waitForRequest((req) => req.method() === 'POST' && /\/api\/v1\/leads$/.test(req.url()));
        await page.click('[data-test=lead-save]');
        await posted;
        markNavigation(page); // the saved lead's page opens next
        await page.waitForURL(/\/leads\/\d+$/);
      });
      const leadId = page.url().split('/').pop()!;
      await expectRendered(page, '项目详情', { ready: '[data-test=lead-title]' });
      await screenshot(page, 'j1-01-lead-detail');
      const lead = await api(cityOfficer.token, 'GET', `/leads/${leadId}`);
      expect(lead).toMatchObject({ title, stage: 'lead', source: { kind: 'chamber', chamberId: chamber.id } });

      await journey.step('move to 洽谈 (考察 and 接洽 passed on the way)', async () => {
        await page.click('[data-test=stage-move-negotiating]');
        await page.locator('[data-test=transition-dialog]').waitFor();
        await page.click('[data-test=transition-submit]');
        await page.locator('[data-test=lead-stage]', { hasText: '洽谈' }).waitFor();
      });
      expect((await api(cityOfficer.token, 'GET', `/leads/${leadId}`)).stage).toBe('negotiating');

      markNavigation(page);
      await page.click('[data-test=tab-linkage]');
      await expectRendered(page, '项目详情 · 联动 tab', { ready: '[data-test=dispatch-table]' });
      await journey.step('dispatch to 兴宁区', async () => {
        await page.click('[data-test=dispatch-create]');
        await pickOption(page, 'dispatch-to', '兴宁区');
        await page.fill(
          'textarea[data-test=dispatch-note], [data-test=dispatch-note] textarea',
          '企业拟在兴宁区落地，请对接',
        );
        await page.click('[data-test=dispatch-save]');
        await page.locator('[data-test=dispatch-table]', { hasText: '兴宁区' }).waitFor();
      });
      await screenshot(page, 'j1-02-dispatched');

      // 兴宁区's officer accepts it (through the API: the journey is the city officer's).
      const dispatches = await api(countyOfficer.token, 'GET', `/leads/${leadId}/dispatches`);
      const pending = dispatches.items.find((row: { status: string }) => row.status === 'pending');
      await api(countyOfficer.token, 'POST', `/dispatches/${pending.id}/accept`, { version: pending.version });

      markNavigation(page);
      await journey.step('reload: the dispatch shows accepted, 兴宁区 holds the lead', async () => {
        await page.reload();
        await page.click('[data-test=tab-linkage]');
        await page.locator('[data-test=dispatch-table]', { hasText: '已接收' }).waitFor();
      });
      expect(await api(cityOfficer.token, 'GET', `/leads/${leadId}`)).toMatchObject({
        regionCode: COUNTY,
        ownerUserId: countyOfficer.id,
      });

      const followUp = '2026-12-20 09:30';
      await journey.step('编辑 → 下次跟进', async () => {
        await page.click('[data-test=lead-edit]');
        const picker = page
          .locator('.el-dialog:visible .el-form-item', { hasText: '下次跟进' })
          .locator('input')
          .first();
        await picker.click();
        await picker.fill(followUp);
        await picker.press('Enter');
        await page.click('[data-test=lead-edit-save]');
        await page.locator('[data-test=lead-edit-dialog]').waitFor({ state: 'hidden' });
      });
      await waitUntil(
        'the follow-up is stored',
        async () => (await api(cityOfficer.token, 'GET', `/leads/${leadId}`)).nextFollowUpAt !== null,
      );
      const stored = await api(cityOfficer.token, 'GET', `/leads/${leadId}`);
      expect(new Date(stored.nextFollowUpAt).toISOString()).toBe(new Date('2026-12-20T09:30:00+08:00').toISOString());
      await screenshot(page, 'j1-03-follow-up');
      expect(errors).toEqual([]);
    } finally {
      journey.print();
    }
  });

  it('(2) a resident on a 375 px phone logs a visit offline, sent once on reconnect, sees the overlap and the calendar', async () => {
    // Two teams of different units: the other team visited the company this morning.
    const team = await api(t.adminToken, 'POST', '/teams', {
      name: `电子信息驻深圳小组${stamp}`,
      clusterCode: 'electronics',
      baseRegionCode: '440300',
      regionCode: COUNTY,
      memberUserIds: [resident.id],
    });
    const otherTeam = await api(t.adminToken, 'POST', '/teams', {
      name: `南宁市驻深圳小组${stamp}`,
      clusterCode: 'electronics',
      baseRegionCode: '440300',
      regionCode: CITY,
      memberUserIds: [otherResident.id],
    });
    const { accessToken } = await t.login(otherResident.username, TEST_USER_PASSWORD);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10); // Asia/Shanghai
    await api(accessToken, 'POST', '/visits', {
      teamId: otherTeam.id,
      // A minute ago, not 08:00 today: a done visit may not lie in the future, and before 08:00 Shanghai it would.
      visitedAt: new Date(Date.now() - 60_000).toISOString(),
      kind: 'company',
      companyId: company.id,
      summary: '市小组上门拜访',
    });
    expect(team.id).toBeTruthy();

    const journey = new Journey(
      'journey 2: resident on a 375 px phone — offline visit → reconnect → overlap → calendar',
    );
    const { page, errors } = await newPage(journey, PHONE);
    try {
      await signIn(journey, page, resident);
      await journey.open(page, baseUrl, '/visits', '驻点走访', '[data-test=visit-form]');
      const summary = `与总经理座谈，拟设华南分厂 ${stamp}`;
      await journey.step('fill in the visit', async () => {
        await pickRemote(page, 'visit-company', company.name);
        await page.fill('[data-test=visit-summary]', summary);
      });

      const posts = () => apiCalls(page).filter((call) => call.method === 'POST' && call.path === '/visits');
      await journey.step('save while offline: kept on the phone, retrying', async () => {
        await page.context().setOffline(true);
        await page.click('[data-test=visit-save]');
        await page.locator('[data-test=visit-retrying]').waitFor();
      });
      await screenshot(page, 'j2-01-offline');
      expect(posts().length).toBeGreaterThanOrEqual(1);
      const key = posts()[0].headers['idempotency-key'];
      expect(key).toMatch(/^[\w.:-]{8,128}$/);

      const sentOffline = posts().length;
      await journey.step('reconnect: sent again with the same key, saved', async () => {
        await page.context().setOffline(false);
        await page.locator('[data-test=visit-saved]').waitFor();
      });
      expect(posts().length).toBeGreaterThan(sentOffline);
      expect(new Set(posts().map((call) => call.headers['idempotency-key']))).toEqual(new Set([key]));

      await journey.step('the overlap warning names the other team', async () => {
        await page.locator('[data-test=visit-overlap]', { hasText: otherTeam.name }).waitFor();
      });
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(PHONE.width);
      await screenshot(page, 'j2-02-saved-overlap');
      const mine = (await api(resident.token, 'GET', '/visits?limit=50')).items.filter(
        (visit: { summary: string }) => visit.summary === summary,
      );
      expect(mine).toHaveLength(1);

      markNavigation(page);
      await page.click('[data-test=visit-calendar-link]');
      await expectRendered(page, '走访日历', { ready: '[data-test=calendar]' });
      await journey.step("today's visits in the calendar", async () => {
        await page.locator(`[data-test=calendar-day-${today}]`).click();
        await page.locator('[data-test=calendar-day-list]', { hasText: company.name }).waitFor();
      });
      await screenshot(page, 'j2-03-calendar');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
      await page.waitForTimeout(1_000); // a retry still pending would log a second visit
      expect(
        (await api(resident.token, 'GET', '/visits?limit=50')).items.filter(
          (visit: { summary: string }) => visit.summary === summary,
        ),
      ).toHaveLength(1);
      expect(errors).toEqual([]);
    } finally {
      journey.print();
    }
  });

  it('(3) a manager opens 驾驶舱, reads the funnel and the bulletin, and downloads it', async () => {
    // The city's projects this quarter: one signed.
    const signed = await createLead(t, { regionCode: CITY, title: `动力电池项目${stamp}` }, cityOfficer.token);
    await api(cityOfficer.token, 'POST', `/leads/${signed.id}/transitions`, {
      to: 'signed',
      version: signed.version,
      signedAt: new Date().toISOString(),
      signedAmount: 8,
      parkName: '南宁高新技术产业开发区',
    });
    // Confirmed by the region (甄别确认): the funnel counts confirmed signings.
    await confirmClaim(t, signed);
    // The analytics follow the events a moment later: wait for them here, not in the journey.
    await waitUntil(
      'the funnel counts the signing',
      async () =>
        (await api(manager.token, 'GET', '/analytics/funnel?mode=cohort')).stages.find(
          (stage: { stage: string }) => stage.stage === 'signed',
        ).count >= 1,
    );

    const journey = new Journey('journey 3: manager of 南宁市 — 驾驶舱 → funnel → bulletin → download');
    const { page, errors } = await newPage(journey);
    try {
      await signIn(journey, page, manager);
      await journey.open(page, baseUrl, '/dashboard', '驾驶舱', '[data-test=funnel-count-lead]');
      const count = async (stage: string) =>
        Number((await page.locator(`[data-test=funnel-count-${stage}]`).innerText()).replace(/[^\d]/g, ''));
      expect(await count('signed')).toBeGreaterThanOrEqual(1);
      expect(await count('lead')).toBeGreaterThanOrEqual(await count('signed'));
      await screenshot(page, 'j3-01-dashboard');

      await journey.step('the quarterly bulletin', async () => {
        await page.locator('[data-test=dashboard-bulletin]').scrollIntoViewIfNeeded();
        await page.locator('[data-test=bulletin-title]').waitFor();
        await page.locator('[data-test=bulletin-totals]').waitFor();
      });
      const download = await journey.step('download the bulletin', async () => {
        const [file] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=bulletin-download]')]);
        const path = join(mkdtempSync(join(tmpdir(), 'bulletin-')), file.suggestedFilename());
        await file.saveAs(path);
        return { path, name: file.suggestedFilename() };
      });
      expect(download.name).toMatch(/招商工作通报\.xlsx$/);
      expect(statSync(download.path).size).toBeGreaterThan(1000);
      expect(readFileSync(download.path).subarray(0, 2).toString()).toBe('PK'); // an xlsx is a zip
      await screenshot(page, 'j3-02-bulletin');
      expect(errors).toEqual([]);
    } finally {
      journey.print();
    }
  });

  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close().catch(() => undefined);
  });
});
