import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot, signInThroughUi, watchPageErrors } from '../utils/browser';
import { confirmClaim, createLead, randomCreditCode } from '../utils/records';
import { startTestApp, type TestApp } from '../utils/test-app';
import { createSignedInUser, TEST_USER_PASSWORD, type TestUser } from '../utils/users';
import { waitUntil } from '../utils/spawned-app';
import { TEST_ADMIN_PASSWORD } from '../setup/test-environment';
import { webAppDirectory } from '../../src/core/web/web-app';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

// The web app in Debian's chromium against the real server (MariaDB, Redis, workers) of this test run: an officer of
// 兴宁区 registers a company and a lead, moves it across the kanban, sees the funnel change; a resident logs a visit on
// a phone-sized screen through a lost connection; an officer of 青秀区 cannot open the lead. Every page is captured
// under test/artifacts/screenshots. `npm test` builds the web app first (pretest).

jest.setTimeout(180_000);

const DESKTOP = { width: 1366, height: 850 };
const PHONE = { width: 375, height: 812 };
const COUNTY = '450102'; // 兴宁区, 南宁市
const OTHER_COUNTY = '450103'; // 青秀区, 南宁市

describe('web app in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let officer: TestUser;
  let otherOfficer: TestUser;
  let cityManager: TestUser;
  let resident: TestUser;
  const companyName = `桂邕智造${Date.now().toString(36)}有限公司`;
  const leadTitle = `新型显示模组项目${Date.now().toString(36)}`;
  let leadId: string;

  beforeAll(async () => {
    if (!existsSync(join(webAppDirectory(), 'index.html')))
      throw new Error('dist/web is missing: run npm run build:web (npm test does)');
    t = await startTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    officer = await createSignedInUser(t, 'officer', COUNTY, 'web');
    otherOfficer = await createSignedInUser(t, 'officer', OTHER_COUNTY, 'webother');
    cityManager = await createSignedInUser(t, 'manager', '450100', 'webconfirmer');
    resident = await createSignedInUser(t, 'resident', COUNTY, 'webresident');
    const team = await t.request({
      method: 'POST',
      url: '/api/v1/teams',
      payload: {
        name: `电子信息驻深圳小组${Date.now().toString(36)}`,
        clusterCode: 'electronics',
        baseRegionCode: '440300',
        regionCode: COUNTY,
        memberUserIds: [resident.id],
      },
    });
    expect(team.statusCode).toBe(201);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  // The last page each test opened is captured when the test ends, passed or not, to show where a failure stood.
  let lastPage: Page | null = null;
  afterEach(async () => {
    const name =
      expect
        .getState()
        .currentTestName?.replace(/[^\w]+/g, '-')
        .slice(-60) ?? 'test';
    if (lastPage && !lastPage.isClosed()) await screenshot(lastPage, `zz-end-of-${name}`).catch(() => undefined);
    lastPage = null;
  });

  async function newPage(viewport = DESKTOP): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    lastPage = page;
    return { page, errors: watchPageErrors(page) };
  }

  async function funnelCount(page: Page, stage: string): Promise<number> {
    const cell = page.locator(`[data-test=funnel-count-${stage}]`);
    await cell.waitFor();
    return Number((await cell.innerText()).replace(/[^\d]/g, ''));
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

  async function dragToStage(page: Page, stage: string): Promise<void> {
    await page
      .locator('[data-test=kanban-card]', { hasText: leadTitle })
      .dragTo(page.locator(`[data-test=kanban-column-${stage}]`));
    await page.locator('[data-test=transition-dialog]').waitFor();
  }

  it('an officer registers a company and a lead, moves it across the kanban and sees the funnel change', async () => {
    const { page, errors } = await newPage();
    await signInThroughUi(page, baseUrl, officer.username, TEST_USER_PASSWORD);
    await screenshot(page, '01-workbench');

    await page.goto(`${baseUrl}/dashboard`);
    const leadsBefore = await funnelCount(page, 'lead');
    const signedBefore = await funnelCount(page, 'signed');

    // 企业库: register the company.
    await page.goto(`${baseUrl}/companies`);
    await page.click('[data-test=company-create]');
    await page.fill('[data-test=company-name]', companyName);
    await page.fill('[data-test=company-credit-code]', randomCreditCode());
    await page.click('[data-test=company-save]');
    await page.locator('[data-test=company-table]', { hasText: companyName }).waitFor();
    await screenshot(page, '02-companies');

    // 项目线索: register a lead for it.
    await page.goto(`${baseUrl}/leads`);
    await page.click('[data-test=lead-create]');
    await pickRemote(page, 'lead-company', companyName);
    await page.fill('[data-test=lead-title]', leadTitle);
    await pickOption(page, 'lead-cluster', '电子信息');
    await pickOption(page, 'lead-source-kind', '政府对接');
    await page.click('[data-test=lead-save]');
    const findLead = async () =>
      (
        await t.request({ method: 'GET', url: `/api/v1/leads?q=${encodeURIComponent(leadTitle)}` }, officer.token)
      ).json().items;
    await waitUntil('the lead is registered', async () => (await findLead()).length === 1);
    leadId = (await findLead())[0].id;

    // 看板: drag it to 接洽, then to 签约, which asks for the contract's fields.
    await page.goto(`${baseUrl}/leads`);
    await page.click('[data-test=view-kanban]');
    await page.locator('[data-test=kanban-card]', { hasText: leadTitle }).waitFor();
    await screenshot(page, '03-kanban');
    await dragToStage(page, 'contacted');
    await page.click('[data-test=transition-submit]');
    await page.locator('[data-test=kanban-column-contacted] [data-test=kanban-card]', { hasText: leadTitle }).waitFor();

    await dragToStage(page, 'signed');
    await page.click('[data-test=transition-submit]'); // without the amount and park: the API's field errors show
    await page.locator('[data-test=transition-dialog] .el-form-item__error').first().waitFor();
    await screenshot(page, '04-transition-field-errors');
    await page.fill('[data-test=transition-signedAmount] input', '12.5');
    await page.fill('[data-test=transition-parkName]', '南宁高新技术产业开发区');
    await page.click('[data-test=transition-submit]');
    await page.locator('[data-test=kanban-column-signed] [data-test=kanban-card]', { hasText: leadTitle }).waitFor();
    const lead = (await t.request({ method: 'GET', url: `/api/v1/leads/${leadId}` }, officer.token)).json();
    expect(lead).toMatchObject({ stage: 'signed', signedAmount: 12.5 });

    // 甄别确认: the signing is a claim; the funnel shows it beside the signings until 南宁市 confirms it.
    await page.goto(`${baseUrl}/leads/${leadId}`);
    await page.locator('[data-test=lead-claim-badge]').waitFor();
    await page.locator('[data-test=lead-claim]').waitFor();
    expect(await page.locator('[data-test=stage-moves]').count()).toBe(0);
    await page.goto(`${baseUrl}/dashboard`);
    await waitUntil(
      'the funnel counts the new lead',
      async () => (await funnelCount(page, 'lead')) === leadsBefore + 1,
    );
    expect(await funnelCount(page, 'signed')).toBe(signedBefore);
    await page.locator('[data-test=funnel-pending-signed]').waitFor();

    const confirmer = await newPage();
    await signInThroughUi(confirmer.page, baseUrl, cityManager.username, TEST_USER_PASSWORD);
    await confirmer.page.goto(`${baseUrl}/workbench`);
    await confirmer.page.click('[data-test=wb-claims-tab]');
    await confirmer.page.locator('[data-test=wb-claim]', { hasText: leadTitle }).waitFor();
    await screenshot(confirmer.page, '05a-claims-inbox');
    await confirmer.page
      .locator('[data-test=wb-claim]', { hasText: leadTitle })
      .locator('[data-test=wb-claim-lead]')
      .click();
    await confirmer.page.click('[data-test=claim-confirm]');
    await confirmer.page.fill('textarea[data-test=claim-text], [data-test=claim-text] textarea', '已核对投资协议原件');
    await screenshot(confirmer.page, '05b-claim-confirm');
    await confirmer.page.click('[data-test=claim-submit]');
    await confirmer.page.locator('[data-test=lead-claim-badge]').waitFor({ state: 'hidden' });
    expect(confirmer.errors).toEqual([]);
    await confirmer.page.context().close();

    // 驾驶舱: now the cohort funnel counts the signing.
    await page.goto(`${baseUrl}/dashboard`);
    await waitUntil(
      'the funnel counts the signing',
      async () => (await funnelCount(page, 'signed')) === signedBefore + 1,
    );
    await screenshot(page, '05-dashboard');

    // 项目详情
    await page.goto(`${baseUrl}/leads/${leadId}`);
    await page.getByText(leadTitle).first().waitFor();
    await screenshot(page, '06-lead-detail');

    // 全局搜索: the company's name finds the lead (by its company) and the company, lead first; the keyboard picks.
    await page.goto(`${baseUrl}/workbench`);
    const searchBox = page.locator('input[data-test=header-search]');
    const hits = page.locator('[data-test=search-hit]');
    await searchBox.click();
    await page.keyboard.type(companyName);
    await hits.filter({ hasText: '企业' }).first().waitFor();
    expect(await hits.first().getAttribute('data-kind')).toBe('lead');
    expect(await hits.first().getAttribute('aria-selected')).toBe('true');
    await screenshot(page, '07-header-search');
    await page.keyboard.press('Escape');
    await hits.first().waitFor({ state: 'hidden' });
    await page.keyboard.press('ArrowDown'); // opens the list again, highlighting the next hit: the company
    await hits.nth(1).waitFor();
    expect(await hits.nth(1).getAttribute('data-kind')).toBe('company');
    expect(await hits.nth(1).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowUp');
    expect(await hits.first().getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${baseUrl}/leads/${leadId}`);
    await page.getByText(leadTitle).first().waitFor();

    // Enter on the company opens the company list searched for it.
    await searchBox.click();
    await page.keyboard.type(companyName);
    await hits.nth(1).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/companies\?q=/);
    await page.locator('[data-test=company-table]', { hasText: companyName }).waitFor();
    expect(errors).toEqual([]);
  });

  it('a resident logs a visit on a 375 px screen, and a connection lost after sending creates it once', async () => {
    const { page, errors } = await newPage(PHONE);
    await signInThroughUi(page, baseUrl, resident.username, TEST_USER_PASSWORD);
    await page.goto(`${baseUrl}/visits`);
    const summary = `与董事长座谈，初步意向落户兴宁区 ${Date.now().toString(36)}`;
    await pickRemote(page, 'visit-company', companyName);
    await page.fill('[data-test=visit-summary]', summary);
    // The first POST reaches the server, but its answer is lost on the way back; the page must retry with the same key.
    let lostOnce = false;
    await page.route('**/api/v1/visits', async (route) => {
      if (route.request().method() !== 'POST' || lostOnce) return route.continue();
      lostOnce = true;
      await route.fetch();
      await route.abort('internetdisconnected');
    });
    await page.click('[data-test=visit-save]');
    const visitsWithSummary = async () =>
      (await t.request({ method: 'GET', url: '/api/v1/visits?limit=50' }, resident.token))
        .json()
        .items.filter((visit: { summary: string }) => visit.summary === summary);
    await waitUntil('the visit is created', async () => (await visitsWithSummary()).length === 1);
    await page.locator('.el-message--success').first().waitFor();
    expect(lostOnce).toBe(true);
    const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(pageWidth).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, '07-visit-phone');
    await page.waitForTimeout(2_500); // a retry still pending would create a second visit
    expect(await visitsWithSummary()).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it('an officer of another county cannot open the lead', async () => {
    const { page } = await newPage();
    await signInThroughUi(page, baseUrl, otherOfficer.username, TEST_USER_PASSWORD);
    await page.goto(`${baseUrl}/leads/${leadId}`);
    await page.locator('[data-test=lead-not-found]').waitFor();
    expect(await page.getByText(leadTitle).count()).toBe(0);
    await screenshot(page, '08-lead-other-county');
  });

  it('an officer records and corrects a month’s 完成投资 on a project under construction', async () => {
    const project = await createLead(
      t,
      { regionCode: COUNTY, title: `标准厂房项目${Date.now().toString(36)}` },
      officer.token,
    );
    let version = project.version;
    for (const step of [
      { to: 'signed', signedAt: '2026-01-10T10:00:00+08:00', signedAmount: 6, parkName: '兴宁产业园' },
      { to: 'construction', constructionStartedAt: '2026-01-15T10:00:00+08:00' },
    ]) {
      const moved = await t.request(
        { method: 'POST', url: `/api/v1/leads/${project.id}/transitions`, payload: { version, ...step } },
        officer.token,
      );
      expect(moved.statusCode).toBe(201);
      version = (await confirmClaim(t, moved.json())).version;
    }
    const { page, errors } = await newPage();
    await signInThroughUi(page, baseUrl, officer.username, TEST_USER_PASSWORD);
    await page.goto(`${baseUrl}/leads/${project.id}`);
    await page.click('[data-test=tab-investment]');
    const panel = page.locator('[data-test=lead-investment]');
    await panel.locator('[data-test=investment-amount] input').fill('0.8');
    await page.click('[data-test=investment-save]');
    await page.getByText('完成投资已登记').waitFor();
    await panel.locator('[data-test=investment-total]').getByText('0.80 亿元').waitFor();
    // A correction: the month is fixed, the version read goes with it.
    await panel.locator('[data-test=investment-edit]').first().click();
    await panel.getByText('更正').first().waitFor();
    await panel.locator('[data-test=investment-amount] input').fill('1.25');
    await page.click('[data-test=investment-save]');
    await page.getByText('完成投资已更正').waitFor();
    await panel.locator('[data-test=investment-total]').getByText('1.25 亿元').waitFor();
    const months = (await t.request({ method: 'GET', url: `/api/v1/leads/${project.id}/investments` })).json();
    expect(months).toMatchObject({ completedTotal: 1.25, items: [{ amount: 1.25, source: 'statistics', version: 2 }] });
    await screenshot(page, '13-lead-investment');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('an administrator changes a stall rule and saves it as a new version', async () => {
    const { page, errors } = await newPage();
    await signInThroughUi(page, baseUrl, 'admin', TEST_ADMIN_PASSWORD);
    const before = (await t.request({ method: 'GET', url: '/api/v1/stall-rules' })).json();
    await page.goto(`${baseUrl}/settings?tab=stallRules`);
    await page.locator('[data-test=stall-rules-version]').getByText(`第 ${before.version} 版`).waitFor();
    // The last row, 开工 / C类: no other suite lets a lead stall in construction (the database is shared).
    const lastRow = page.locator('[data-test=stall-rules-table] .el-table__body tr').last();
    await lastRow.getByText('C类').waitFor();
    const [yellow, red] = await lastRow
      .locator('input')
      .all()
      .then((inputs) => inputs.slice(-3));
    // Red no later than yellow: refused, and the cell says why in Chinese.
    await yellow.fill('200');
    await yellow.blur();
    await page.click('[data-test=stall-rules-save]');
    await lastRow.getByText('红色预警须晚于黄色预警').waitFor();
    await yellow.fill('70');
    await red.fill('140');
    await red.blur();
    await page.fill('.stall-actions input', '开工项目放宽');
    await page.click('[data-test=stall-rules-save]');
    await page.locator('[data-test=stall-rules-history]').getByText('开工项目放宽').waitFor();
    const saved = (await t.request({ method: 'GET', url: '/api/v1/stall-rules' })).json();
    expect(saved.version).toBeGreaterThan(before.version);
    expect(
      saved.rules.find((rule: { stage: string; tier: string }) => rule.stage === 'construction' && rule.tier === 'C'),
    ).toMatchObject({ yellowDays: 70, redDays: 140 });
    await screenshot(page, '11-settings-stall-rules');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('an administrator registers the region’s 企业微信 group robot and sees it masked', async () => {
    const { page, errors } = await newPage();
    await signInThroughUi(page, baseUrl, 'admin', TEST_ADMIN_PASSWORD);
    await page.goto(`${baseUrl}/settings?tab=robots`);
    const card = page.locator('[data-test=robot-wecom]');
    await card.getByText('未配置').waitFor();
    await card.locator('input').first().fill('http://127.0.0.1/robot');
    await page.click('[data-test=robot-wecom-save]');
    // A private address is refused (SSRF rules), the field says so in Chinese.
    await card.locator('.el-form-item__error').waitFor();
    await card.locator('input').first().fill('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=browser-abcd');
    await page.click('[data-test=robot-wecom-save]');
    await card.getByText('已启用').waitFor();
    await card.getByText('…abcd').waitFor();
    expect(await page.locator('body').innerText()).not.toContain('browser-abcd');
    await screenshot(page, '12-settings-robots');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('every page opens for an administrator, in Chinese, on a desktop and a phone', async () => {
    const pages: [string, string][] = [
      ['workbench', '/workbench'],
      ['leads', '/leads'],
      ['lead-detail', `/leads/${leadId}`],
      ['companies', '/companies'],
      ['chambers', '/chambers'],
      ['visits', '/visits'],
      ['visit-calendar', '/visits/calendar'],
      ['parks', '/parks'],
      ['chains', '/chains'],
      ['dashboard', '/dashboard'],
      ['import', '/import'],
      ['settings-users', '/settings?tab=users'],
      ['settings-teams', '/settings?tab=teams'],
      ['settings-targets', '/settings?tab=targets'],
      ['settings-stall-rules', '/settings?tab=stallRules'],
      ['settings-robots', '/settings?tab=robots'],
    ];
    for (const [viewport, suffix] of [
      [DESKTOP, 'desktop'],
      [PHONE, 'phone'],
    ] as const) {
      const { page, errors } = await newPage(viewport);
      await signInThroughUi(page, baseUrl, 'admin', TEST_ADMIN_PASSWORD);
      for (const [name, path] of pages) {
        await page.goto(`${baseUrl}${path}`);
        await page.waitForLoadState('networkidle');
        const text = await page.locator('body').innerText();
        expect(text).toMatch(/[\u4e00-\u9fa5]/);
        expect(text).not.toMatch(/TODO|undefined|NaN/);
        await screenshot(page, `10-${name}-${suffix}`);
      }
      expect(errors).toEqual([]);
      await page.context().close();
    }
  });
});
