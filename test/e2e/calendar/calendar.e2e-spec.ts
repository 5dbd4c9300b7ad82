import { startTestApp, TestApp } from '../../utils/test-app';
import { createSignedInUser, TestUser } from '../../utils/users';

/** The working-day calendar over the national one: 壮族三月三, make-up days, and the deadlines that follow them. */
describe('working-day calendar (壮族三月三)', () => {
  let t: TestApp;
  let officer: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    officer = await createSignedInUser(t, 'officer', '450100');
  });
  afterAll(() => t.close());

  const get = (url: string, token = officer.token) => t.request({ method: 'GET', url: `/api/v1${url}` }, token);
  const put = (url: string, payload: Record<string, unknown>, token = t.adminToken) =>
    t.request({ method: 'PUT', url: `/api/v1${url}`, payload }, token);
  // Thursday 8 April 2027, 10:00 in Guangxi: three working days from then.
  const ACROSS_SANYUESAN = '/working-days/deadline?from=2027-04-08T10:00:00%2B08:00&spec=3wd';

  it('seeds the statutory 三月三 of each year as provisional, and says what needs confirming', async () => {
    const page = (await get('/working-days/years?limit=200')).json();
    const y2027 = page.items.find((item: { year: number }) => item.year === 2027);
    expect(y2027).toMatchObject({ confirmed: false, holidayCount: 2, workdayCount: 0, updatedBy: null });
    expect(page.items.map((item: { year: number }) => item.year)).toEqual(
      expect.arrayContaining([2024, 2025, 2026, 2027]),
    );
    expect(page.warnings.join('\n')).toMatch(/provisional/);
    const year = (await get('/working-days/years/2027')).json();
    expect(year.days).toEqual([
      { date: '2027-04-09', kind: 'holiday', name: '壮族三月三' },
      { date: '2027-04-10', kind: 'holiday', name: '壮族三月三' },
    ]);
    // Pages of one year each walk the list newest first without repeating (other suites may add years).
    const first = (await get('/working-days/years?limit=1')).json();
    const second = (await get(`/working-days/years?limit=1&cursor=${first.nextCursor}`)).json();
    expect(second.items[0].year).toBeLessThan(first.items[0].year);
    expect((await get('/working-days/years/2031')).statusCode).toBe(404);
  });

  it('counts a deadline across 三月三 2027 by the calendar, and follows an administrator’s adjustment at once', async () => {
    // Seeded: Friday 9 April off, so Monday 12, Tuesday 13, Wednesday 14 (one working day later than weekdays).
    const seeded = (await get(ACROSS_SANYUESAN)).json();
    expect(seeded.dueAt).toBe('2027-04-14T16:00:00.000Z');
    expect(seeded.skipped).toEqual([
      { date: '2027-04-09', name: '壮族三月三' },
      { date: '2027-04-10', name: '壮族三月三' },
      { date: '2027-04-11', name: '周末' },
    ]);

    const current = (await get('/working-days/years/2027')).json();
    // The year's notice: Friday 9 and Monday 12 off (the Saturday moved to Monday), nothing worked in lieu.
    const notice = {
      version: current.version,
      confirmed: true,
      days: [
        { date: '2027-04-12', kind: 'holiday', name: '壮族三月三' },
        { date: '2027-04-09', kind: 'holiday', name: '壮族三月三' },
      ],
    };
    expect((await put('/working-days/years/2027', notice, officer.token)).statusCode).toBe(403);
    const saved = await put('/working-days/years/2027', notice);
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ year: 2027, confirmed: true, version: current.version + 1, holidayCount: 2 });
    expect(saved.json().days.map((day: { date: string }) => day.date)).toEqual(['2027-04-09', '2027-04-12']);
    expect(saved.json().updatedByName).toEqual(expect.any(String));

    const adjusted = (await get(ACROSS_SANYUESAN)).json();
    expect(adjusted.dueAt).toBe('2027-04-15T16:00:00.000Z'); // Tuesday 13, Wednesday 14, Thursday 15
    expect(adjusted.skipped.map((day: { date: string }) => day.date)).toEqual([
      '2027-04-09',
      '2027-04-10',
      '2027-04-11',
      '2027-04-12',
    ]);

    // A make-up Sunday counts as a working day.
    const withMakeUp = await put('/working-days/years/2027', {
      ...notice,
      version: saved.json().version,
      days: [...notice.days, { date: '2027-04-11', kind: 'workday', name: '壮族三月三调休' }],
    });
    expect(withMakeUp.statusCode).toBe(200);
    expect((await get(ACROSS_SANYUESAN)).json().dueAt).toBe('2027-04-14T16:00:00.000Z');

    // The change is audited, and the trail names the year.
    const trail = (
      await t.request({ method: 'GET', url: '/api/v1/audit?entity=calendar_year&entityId=2027' }, t.adminToken)
    ).json();
    expect(trail.items[0]).toMatchObject({ action: 'update', entityName: '2027年工作日历' });
    expect(trail.items[0].changes.days[1]).toContain('2027-04-11 workday 壮族三月三调休');
  });

  it('refuses bad days naming the field, a stale version with 409, and writes nothing', async () => {
    const current = (await get('/working-days/years/2026')).json();
    const base = { version: current.version, confirmed: true };
    const cases: Array<[unknown[], string, string]> = [
      [[{ date: '2027-01-04', kind: 'holiday', name: '元旦' }], 'days.0.date', 'inYear'],
      [[{ date: '2026-02-30', kind: 'holiday', name: '假日' }], 'days.0.date', 'isCalendarDate'],
      [
        [
          { date: '2026-04-20', kind: 'holiday', name: '壮族三月三' },
          { date: '2026-04-20', kind: 'workday', name: '调休' },
        ],
        'days.1.date',
        'isUnique',
      ],
      [[{ date: '2026-04-20', kind: 'day_off', name: '壮族三月三' }], 'days.0.kind', 'isIn'],
      [[{ date: '2026-04-20', kind: 'holiday', name: ' ' }], 'days.0.name', 'minLength'],
    ];
    for (const [days, field, constraint] of cases) {
      const res = await put('/working-days/years/2026', { ...base, days });
      expect(res.statusCode).toBe(400);
      expect(res.json().details).toEqual(expect.arrayContaining([expect.objectContaining({ field, constraint })]));
    }
    const stale = await put('/working-days/years/2026', { version: current.version + 5, confirmed: true, days: [] });
    expect(stale.statusCode).toBe(409);
    const missingVersion = await put('/working-days/years/2026', { confirmed: true, days: [] });
    expect(missingVersion.statusCode).toBe(409);
    expect((await get('/working-days/years/2026')).json()).toEqual(current);
    const badPreview = await get('/working-days/deadline?from=2027-04-08&spec=3wd');
    expect(badPreview.statusCode).toBe(400);
    expect(badPreview.json().details[0].field).toBe('from');
    expect((await get('/working-days/deadline?from=2027-04-08T10:00:00Z&spec=99wd')).json().details[0].field).toBe(
      'spec',
    );
  });
});
