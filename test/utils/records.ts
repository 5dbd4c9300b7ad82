import { randomInt } from 'node:crypto';
import { creditCodeCheckCharacter } from '../../src/modules/companies/credit-code';
import type { TestApp } from './test-app';
import { createSignedInUser, TestUser } from './users';

/** A valid unified social credit code, different each call. */
export function randomCreditCode(): string {
  const body = `9144030${String(randomInt(0, 10))}MA${String(randomInt(10_000_000, 99_999_999))}`.slice(0, 17);
  return body + creditCodeCheckCharacter(body);
}

let companySequence = 0;

/** Registers a company through the API and returns its id. */
export async function createCompany(
  t: TestApp,
  overrides: Record<string, unknown> = {},
  token?: string,
): Promise<{ id: string; name: string }> {
  const name = `测试科技${Date.now().toString(36)}${++companySequence}有限公司`;
  const res = await t.request(
    {
      method: 'POST',
      url: '/api/v1/companies',
      payload: {
        name,
        creditCode: randomCreditCode(),
        ownership: 'private',
        originRegionCode: '440300',
        clusterCode: 'electronics',
        ...overrides,
      },
    },
    token,
  );
  if (res.statusCode !== 201) throw new Error(`company: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** Registers a lead through the API (as `token`'s user, the administrator by default). */
export async function createLead(
  t: TestApp,
  overrides: Record<string, unknown> = {},
  token?: string,
): Promise<{ id: string; version: number } & Record<string, any>> {
  const companyId = (overrides.companyId as string | undefined) ?? (await createCompany(t)).id;
  const res = await t.request(
    {
      method: 'POST',
      url: '/api/v1/leads',
      payload: {
        companyId,
        title: '智能终端生产基地项目',
        clusterCode: 'electronics',
        source: { kind: 'government' },
        expectedInvestment: 10,
        ...overrides,
      },
    },
    token,
  );
  if (res.statusCode !== 201) throw new Error(`lead: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** A manager per confirming unit and app, made once (甄别确认 needs the unit above the holder). */
const confirmers = new WeakMap<TestApp, Map<string, Promise<TestUser>>>();

/**
 * Confirms the lead's pending claim (甄别确认) as a manager of the confirming unit, and returns the lead as it is
 * then; a lead with no claim waiting is returned as it is. `lead` is what the last transition answered.
 */
export async function confirmClaim(
  t: TestApp,
  lead: { id: string } & Record<string, any>,
): Promise<{ id: string; version: number } & Record<string, any>> {
  const read = async () => (await t.request({ method: 'GET', url: `/api/v1/leads/${lead.id}` })).json();
  const current = await read();
  if (!current.pendingClaimId) return current;
  const claim = (await t.request({ method: 'GET', url: `/api/v1/claims/${current.pendingClaimId}` })).json();
  let byUnit = confirmers.get(t);
  if (!byUnit) confirmers.set(t, (byUnit = new Map()));
  if (!byUnit.has(claim.confirmerRegionCode))
    byUnit.set(claim.confirmerRegionCode, createSignedInUser(t, 'manager', claim.confirmerRegionCode, 'confirmer'));
  const confirmer = await byUnit.get(claim.confirmerRegionCode)!;
  const res = await t.request(
    { method: 'POST', url: `/api/v1/claims/${claim.id}/confirm`, payload: { version: claim.version } },
    confirmer.token,
  );
  if (res.statusCode !== 201 && res.statusCode !== 200) throw new Error(`confirm: ${res.statusCode} ${res.body}`);
  return read();
}
