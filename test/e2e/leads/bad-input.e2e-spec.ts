import { startTestApp, TestApp } from '../../utils/test-app';
import { confirmClaim, createCompany, createLead, randomCreditCode } from '../../utils/records';
import { createSignedInUser } from '../../utils/users';

// Inputs that once reached the database and answered 500: each must be a 4xx naming the field, writing nothing.
describe('bad input on companies, chambers and leads', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const expectField = (res: { statusCode: number; json: () => any }, field: string) => {
    expect({ status: res.statusCode, field: res.json().details?.[0]?.field }).toEqual({ status: 400, field });
  };

  it('refuses tiny, negative and over-precise amounts', async () => {
    const lead = await createLead(t);
    expectField(await t.request({ method: 'GET', url: '/api/v1/leads?minInvestment=0.0000001' }), 'minInvestment');
    for (const [field, value] of [
      ['expectedInvestment', 1e-7],
      ['landNeedMu', -1e-7],
      ['factoryNeedSqm', 1.234],
    ] as const) {
      expectField(
        await t.request({
          method: 'PATCH',
          url: `/api/v1/leads/${lead.id}`,
          payload: { version: lead.version, [field]: value },
        }),
        field,
      );
    }
    expectField(
      await t.request({
        method: 'POST',
        url: `/api/v1/leads/${lead.id}/transitions`,
        payload: {
          version: lead.version,
          to: 'signed',
          signedAt: '2026-11-20T10:00:00+08:00',
          signedAmount: 5e-9,
          parkName: '某园区',
        },
      }),
      'signedAmount',
    );
    expectField(
      await t.request({
        method: 'POST',
        url: '/api/v1/companies',
        payload: {
          name: `精度${Date.now()}`,
          creditCode: randomCreditCode(),
          ownership: 'private',
          annualRevenue: 1e-7,
        },
      }),
      'annualRevenue',
    );
  });

  it('refuses nulls for required stage fields and dates outside what the database holds', async () => {
    const lead = await createLead(t);
    expectField(
      await t.request({
        method: 'POST',
        url: `/api/v1/leads/${lead.id}/transitions`,
        payload: {
          version: lead.version,
          to: 'signed',
          signedAt: '2026-11-20T10:00:00+08:00',
          signedAmount: null,
          parkName: '某园区',
        },
      }),
      'signedAmount',
    );
    expectField(
      await t.request({
        method: 'POST',
        url: `/api/v1/leads/${lead.id}/transitions`,
        payload: { version: lead.version, to: 'site_visit', siteVisitAt: null },
      }),
      'siteVisitAt',
    );
    expectField(
      await t.request({
        method: 'PATCH',
        url: `/api/v1/leads/${lead.id}`,
        payload: { version: lead.version, nextFollowUpAt: '9999-12-31T23:59:00-08:00' },
      }),
      'nextFollowUpAt',
    );
    expectField(
      await t.request({
        method: 'PATCH',
        url: `/api/v1/leads/${lead.id}`,
        payload: { version: lead.version, title: null },
      }),
      'title',
    );
    expectField(
      await t.request({
        method: 'PATCH',
        url: `/api/v1/leads/${lead.id}`,
        payload: { version: lead.version, clusterCode: '' },
      }),
      'clusterCode',
    );
    const unchanged = (await t.request({ method: 'GET', url: `/api/v1/leads/${lead.id}` })).json();
    expect(unchanged.version).toBe(lead.version);
  });

  it('refuses impossible calendar dates and empty codes on chambers and companies', async () => {
    expectField(
      await t.request({
        method: 'POST',
        url: '/api/v1/chambers',
        payload: { name: '日期商会', kind: 'chamber', regionCode: '440300', agreementSignedAt: '2026-02-30' },
      }),
      'agreementSignedAt',
    );
    expectField(
      await t.request({
        method: 'POST',
        url: '/api/v1/chambers',
        payload: { name: '空码商会', kind: 'chamber', regionCode: '440300', clusterCodes: [''] },
      }),
      'clusterCodes',
    );
    expectField(
      await t.request({
        method: 'POST',
        url: '/api/v1/companies',
        payload: {
          name: `空码${Date.now()}`,
          creditCode: randomCreditCode(),
          ownership: 'private',
          clusterCode: 'auto',
          segmentCode: '',
        },
      }),
      'segmentCode',
    );
    const foreignA = await t.request({
      method: 'POST',
      url: '/api/v1/companies',
      payload: { name: `Empty Code A ${Date.now()}`, creditCode: ' ', ownership: 'foreign' },
    });
    const foreignB = await t.request({
      method: 'POST',
      url: '/api/v1/companies',
      payload: { name: `Empty Code B ${Date.now()}`, creditCode: '', ownership: 'foreign' },
    });
    expect([foreignA.statusCode, foreignB.statusCode]).toEqual([201, 201]);
    expect(foreignB.json().creditCode).toBeNull();
  });

  it('keeps owners inside the holding unit and funds to signed projects', async () => {
    const county = await createSignedInUser(t, 'officer', '450102');
    const otherCounty = await createSignedInUser(t, 'officer', '450103');
    const city = await createSignedInUser(t, 'officer', '450100');
    const lead = await createLead(t, {}, county.token);
    expectField(
      await t.request(
        {
          method: 'PATCH',
          url: `/api/v1/leads/${lead.id}`,
          payload: { version: lead.version, ownerUserId: otherCounty.id },
        },
        city.token,
      ),
      'ownerUserId',
    );

    const signed = (
      await t.request(
        {
          method: 'POST',
          url: `/api/v1/leads/${lead.id}/transitions`,
          payload: {
            version: lead.version,
            to: 'signed',
            signedAt: '2026-11-20T10:00:00+08:00',
            signedAmount: 5,
            parkName: '某园区',
          },
        },
        county.token,
      )
    ).json();
    const back = (
      await t.request(
        {
          method: 'POST',
          url: `/api/v1/leads/${lead.id}/transitions`,
          payload: { version: (await confirmClaim(t, signed)).version, to: 'negotiating', reason: '合同重新谈判' },
        },
        county.token,
      )
    ).json();
    expect(back.stage).toBe('negotiating');
    const funds = await t.request(
      {
        method: 'POST',
        url: `/api/v1/leads/${lead.id}/funds`,
        payload: { amount: 1, receivedAt: '2026-11-21T00:00:00+08:00' },
      },
      county.token,
    );
    expect(funds.statusCode).toBe(409);
  });

  it('does not let a query of punctuation match every company', async () => {
    await createCompany(t);
    const res = (
      await t.request({ method: 'GET', url: `/api/v1/companies?q=${encodeURIComponent('()')}&withTotal=true` })
    ).json();
    expect(res.total).toBe(0);
    expect(res.items).toEqual([]);
  });
});
