import { DataSource } from 'typeorm';
import { idleSince } from '../../../src/core/common/deadline-calendar';
import { DeadlineRunner } from '../../../src/modules/linkage/deadline.runner';
import { StallWatch } from '../../../src/modules/tasks/stall.watch';
import { createLead } from '../../utils/records';
import { startTestApp, TestApp } from '../../utils/test-app';
import { createSignedInUser, TestUser } from '../../utils/users';

/** A county of 桂林 (450300): its parent unit is the city. */
const COUNTY = '450305';
/**
 * The run's database is shared by every suite (and the workers of each watch it), so this suite changes only the
 * rules of 接洽 (contacted), which no other suite lets stall, puts the rules back afterwards, and judges by the state
 * it finds rather than by what one watch run counted.
 */
const STAGE = 'contacted';

describe('stall rules administered in the app (三色预警: working days, tiers, 督办单 escalation, 回收)', () => {
  let t: TestApp;
  let officer: TestUser;
  let countyManager: TestUser;
  let cityManager: TestUser;
  let regionManager: TestUser;
  let dataSource: DataSource;
  let original: { version: number; tierAMinYi: number; tierBMinYi: number; slipDueDays: number; rules: unknown[] };

  beforeAll(async () => {
    t = await startTestApp();
    officer = await createSignedInUser(t, 'officer', COUNTY);
    countyManager = await createSignedInUser(t, 'manager', COUNTY);
    cityManager = await createSignedInUser(t, 'manager', '450300');
    regionManager = await createSignedInUser(t, 'manager', '450000');
    dataSource = t.app.get(DataSource);
    original = (await t.request({ method: 'GET', url: '/api/v1/stall-rules' })).json();
  });
  afterAll(async () => {
    const current = (await t.request({ method: 'GET', url: '/api/v1/stall-rules' })).json();
    const { tierAMinYi, tierBMinYi, slipDueDays, rules } = original;
    await t.request({
      method: 'PUT',
      url: '/api/v1/stall-rules',
      payload: { version: current.version, tierAMinYi, tierBMinYi, slipDueDays, rules, note: '测试结束，恢复原规则' },
    });
    await t.close();
  });

  const as = (user: TestUser | null) => ({
    get: (url: string) => t.request({ method: 'GET', url: `/api/v1${url}` }, user?.token),
    post: (url: string, payload: Record<string, unknown> = {}) =>
      t.request({ method: 'POST', url: `/api/v1${url}`, payload }, user?.token),
    put: (url: string, payload: Record<string, unknown>) =>
      t.request({ method: 'PUT', url: `/api/v1${url}`, payload }, user?.token),
  });
  const admin = as(null);
  /** Last activity just over `days` working days ago (one hour before the instant that makes it that idle). */
  const idleFor = (leadId: string, days: number) =>
    dataSource.query('UPDATE leads SET last_activity_at = ? WHERE id = ?', [
      new Date(idleSince(new Date(), days).getTime() - 3600_000),
      leadId,
    ]);
  /** A lead of the county's officer moved to 接洽, the stage whose rules this suite sets. */
  const contactedLead = async (overrides: Record<string, unknown>) => {
    const created = await createLead(t, overrides, officer.token);
    const moved = await as(officer).post(`/leads/${created.id}/transitions`, { version: created.version, to: STAGE });
    if (moved.statusCode !== 201) throw new Error(`transition: ${moved.statusCode} ${moved.body}`);
    return moved.json();
  };
  const notificationsOf = async (user: TestUser) =>
    (await as(user).get('/notifications?limit=200')).json().items as Array<{
      kind: string;
      subjectId: string;
      leadId: string | null;
      body: string;
    }>;

  it('starts from the rules STALL_YELLOW_DAYS held, moved into working days, every tier alike', async () => {
    const history = (await as(officer).get('/stall-rules/versions?limit=100')).json().items;
    const first = history.find((version: { version: number }) => version.version === 1);
    expect(first).toMatchObject({ tierAMinYi: 10, tierBMinYi: 1, slipDueDays: 5, createdBy: null });
    expect(first.note).toContain('STALL_YELLOW_DAYS');
    const lead = first.rules.filter((rule: { stage: string }) => rule.stage === 'lead');
    expect(lead).toEqual(
      ['A', 'B', 'C'].map((tier) => ({ stage: 'lead', tier, yellowDays: 21, redDays: 42, dropDays: null })),
    );
    expect(first.rules).toHaveLength(18);
  });

  it('refuses rules that do not hold together, naming the field, and saves nothing', async () => {
    const before = (await admin.get('/stall-rules')).json();
    const base = { version: before.version, tierAMinYi: 10, tierBMinYi: 1, slipDueDays: 5 };
    const bad = await admin.put('/stall-rules', {
      ...base,
      rules: [{ stage: 'lead', tier: 'A', yellowDays: 10, redDays: 10, dropDays: null }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details).toEqual([expect.objectContaining({ field: 'rules.0.redDays' })]);
    const wrongType = await admin.put('/stall-rules', {
      ...base,
      rules: [{ stage: 'production', tier: 'D', yellowDays: 1.5, redDays: 3, dropDays: 'x' }],
    });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().details.map((d: { field: string }) => d.field)).toEqual(
      expect.arrayContaining(['rules.0.stage', 'rules.0.tier', 'rules.0.yellowDays', 'rules.0.dropDays']),
    );
    const tiers = await admin.put('/stall-rules', { ...base, tierAMinYi: 1, tierBMinYi: 5, rules: [] });
    expect(tiers.json().details).toEqual([expect.objectContaining({ field: 'tierAMinYi' })]);
    expect((await as(countyManager).put('/stall-rules', { ...base, rules: [] })).statusCode).toBe(403);
    const versions = (await admin.get('/stall-rules/versions?limit=100')).json().items;
    expect(versions.some((v: { rules: unknown[] }) => v.rules.length === 0 || v.rules.length === 1)).toBe(false);
  });

  it('saves a new version, audited, and refuses one saved over a newer version', async () => {
    const mine = [
      { stage: STAGE, tier: 'A', yellowDays: 2, redDays: 4, dropDays: 6 },
      { stage: STAGE, tier: 'B', yellowDays: 5, redDays: 10, dropDays: null },
      { stage: STAGE, tier: 'C', yellowDays: 20, redDays: 40, dropDays: null },
    ];
    const current = (await admin.get('/stall-rules')).json();
    const rules = [...current.rules.filter((rule: { stage: string }) => rule.stage !== STAGE), ...mine];
    const saved = await admin.put('/stall-rules', {
      version: current.version,
      tierAMinYi: 10,
      tierBMinYi: 1,
      slipDueDays: 2,
      rules,
      note: '重大项目从严督办',
    });
    expect(saved.statusCode).toBe(200);
    const version = current.version + 1;
    expect(saved.json()).toMatchObject({ version, slipDueDays: 2, rules, note: '重大项目从严督办' });
    const stale = await admin.put('/stall-rules', {
      version: current.version,
      tierAMinYi: 10,
      tierBMinYi: 1,
      slipDueDays: 2,
      rules,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().details[0]).toMatchObject({ field: 'version', currentVersion: expect.any(Number) });
    const newest = (await as(officer).get('/stall-rules/versions?limit=1')).json();
    expect(newest.items[0].version).toBeGreaterThanOrEqual(version);
    const older = (await as(officer).get(`/stall-rules/versions?limit=1&cursor=${newest.nextCursor}`)).json();
    expect(older.items[0].version).toBeLessThan(newest.items[0].version);
    expect((await as(officer).get('/stall-rules/versions?cursor=nonsense')).statusCode).toBe(400);
    const audit = (await admin.get('/audit?entity=stall_rules&limit=10')).json().items;
    expect(audit.some((entry: { entityId: string }) => entry.entityId === String(version))).toBe(true);
  });

  it('judges each lead by its tier in working days: a 重大项目 turns yellow and red sooner', async () => {
    const major = await contactedLead({ title: '重大项目', expectedInvestment: 50 });
    const small = await contactedLead({ title: '小项目', expectedInvestment: null });
    expect(major.tier).toBe('A');
    expect(small.tier).toBe('C');
    await idleFor(major.id, 3);
    await idleFor(small.id, 3);
    expect((await as(officer).get(`/leads/${major.id}`)).json().health).toBe('yellow');
    expect((await as(officer).get(`/leads/${small.id}`)).json().health).toBe('green');
    const yellow = (await as(officer).get('/leads?health=yellow&limit=200'))
      .json()
      .items.map((l: { id: string }) => l.id);
    expect(yellow).toContain(major.id);
    expect(yellow).not.toContain(small.id);
    await idleFor(major.id, 5);
    expect((await as(officer).get(`/leads/${major.id}`)).json().health).toBe('red');
    const red = (await as(officer).get('/leads?health=red&limit=200')).json().items.map((l: { id: string }) => l.id);
    expect(red).toContain(major.id);
  });

  it('opens a 督办单 to the unit and its parent with a due date, escalating when it is missed', async () => {
    const lead = await contactedLead({ title: '督办测试项目', expectedInvestment: 20 });
    await idleFor(lead.id, 5);
    const watch = t.app.get(StallWatch);
    await watch.run();
    await watch.run();
    const slips = (await as(countyManager).get('/supervision-slips?status=open&limit=200'))
      .json()
      .items.filter((slip: { leadId: string }) => slip.leadId === lead.id);
    expect(slips).toHaveLength(1);
    const [slip] = slips;
    expect(slip.overdueLevel).toBe(0);
    // At least two working days to answer (another suite may have saved the rules again with its five).
    expect(Date.parse(slip.dueAt)).toBeGreaterThan(Date.now() + 24 * 3600_000);
    for (const manager of [countyManager, cityManager])
      expect(
        (await notificationsOf(manager)).some((n) => n.kind === 'supervision_slip' && n.subjectId === slip.id),
      ).toBe(true);
    expect((await notificationsOf(regionManager)).some((n) => n.subjectId === slip.id)).toBe(false);
    const timeline = (await as(officer).get(`/leads/${lead.id}/timeline?kind=linkage`)).json().items;
    expect(timeline.some((entry: { data: { event: string } }) => entry.data.event === 'supervision_opened')).toBe(true);

    // The deadline rows: a reminder and the first overdue step; fire the overdue one as its job would.
    const deadlines: Array<{ id: string; step: string; level: number }> = await dataSource.query(
      "SELECT id, step, level FROM linkage_deadlines WHERE subject_kind = 'supervision_slip' AND subject_id = ? ORDER BY level",
      [slip.id],
    );
    expect(deadlines.map((d) => [d.step, Number(d.level)])).toEqual([
      ['reminder', 0],
      ['overdue', 1],
    ]);
    const runner = t.app.get(DeadlineRunner);
    expect(await runner.fire(String(deadlines[1].id))).toBe('fired');
    expect(await runner.fire(String(deadlines[1].id))).toBe('skipped');
    const overdue = (await as(countyManager).get('/supervision-slips?status=open&limit=200'))
      .json()
      .items.find((item: { id: string }) => item.id === slip.id);
    expect(overdue.overdueLevel).toBe(1);
    // Level 1 tells the unit above the county: the city's managers.
    expect(
      (await notificationsOf(cityManager)).some(
        (n) => n.kind === 'supervision_slip_overdue' && n.subjectId === slip.id,
      ),
    ).toBe(true);
    const [next]: Array<{ level: number; status: string }> = await dataSource.query(
      "SELECT level, status FROM linkage_deadlines WHERE subject_kind = 'supervision_slip' AND subject_id = ? AND level = 2",
      [slip.id],
    );
    expect(next).toMatchObject({ status: 'scheduled' });

    // Answered: what is still scheduled is cancelled.
    expect(
      (await as(cityManager).post(`/supervision-slips/${slip.id}/answer`, { answer: '已约谈县招商局' })).statusCode,
    ).toBe(200);
    const left: Array<{ n: string }> = await dataSource.query(
      "SELECT COUNT(*) AS n FROM linkage_deadlines WHERE subject_kind = 'supervision_slip' AND subject_id = ? AND status = 'scheduled'",
      [slip.id],
    );
    expect(Number(left[0].n)).toBe(0);
  });

  it('releases the owner of a lead idle past the drop step to the unit’s pool, once, audited', async () => {
    const lead = await contactedLead({ title: '回收测试项目', expectedInvestment: 30 });
    expect(lead.ownerUserId).toBe(officer.id);
    await idleFor(lead.id, 6);
    const watch = t.app.get(StallWatch);
    await watch.run();
    await watch.run();
    const released = (await as(countyManager).get(`/leads/${lead.id}`)).json();
    expect(released.ownerUserId).toBeNull();
    expect(released.version).toBe(lead.version + 1);
    // Released in one go: no follow-up task was given to the owner it let go.
    const stallTasks = (await as(countyManager).get(`/tasks?leadId=${lead.id}&limit=50`))
      .json()
      .items.filter((task: { source: string }) => task.source === 'stall');
    expect(stallTasks).toEqual([]);
    for (const user of [officer, countyManager])
      expect((await notificationsOf(user)).some((n) => n.kind === 'lead_released' && n.leadId === lead.id)).toBe(true);
    const audit = (await admin.get(`/audit?entity=lead&entityId=${lead.id}&limit=20`)).json().items;
    expect(
      audit.some(
        (entry: { userId: string | null; changes: Record<string, unknown> }) =>
          entry.userId === null && JSON.stringify(entry.changes).includes('ownerUserId'),
      ),
    ).toBe(true);
    // The yellow task and the 督办单 came in the same pass: each step once.
    const slips = (await as(countyManager).get('/supervision-slips?limit=200'))
      .json()
      .items.filter((slip: { leadId: string }) => slip.leadId === lead.id);
    expect(slips).toHaveLength(1);
  });
});
