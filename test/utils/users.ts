import { randomBytes } from 'node:crypto';
import type { Role } from '../../src/core/auth/roles';
import type { TestApp } from './test-app';

export const TEST_USER_PASSWORD = 'officer-password-123';

export interface TestUser {
  id: string;
  username: string;
  role: Role;
  regionCode: string;
  version: number;
  token: string;
}

/** Creates a user through the API as the administrator and signs them in. */
export async function createSignedInUser(
  t: TestApp,
  role: Role,
  regionCode: string,
  label: string = role,
): Promise<TestUser> {
  const username = `${label}.${regionCode}.${randomBytes(3).toString('hex')}`;
  const res = await t.request({
    method: 'POST',
    url: '/api/v1/users',
    payload: { username, displayName: `测试${label}`, password: TEST_USER_PASSWORD, role, regionCode },
  });
  if (res.statusCode !== 201) throw new Error(`creating ${username} failed: ${res.statusCode} ${res.body}`);
  const { accessToken } = await t.login(username, TEST_USER_PASSWORD);
  const user = res.json();
  return { id: user.id, username, role, regionCode, version: user.version, token: accessToken };
}
