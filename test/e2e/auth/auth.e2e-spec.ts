import { JwtService } from '@nestjs/jwt';
import { randomBytes } from 'node:crypto';
import { TEST_ADMIN_PASSWORD } from '../../setup/test-environment';
import { startTestApp, TestApp } from '../../utils/test-app';
import { createSignedInUser, TEST_USER_PASSWORD } from '../../utils/users';

describe('authentication', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const me = (token: string) => t.request({ method: 'GET', url: '/api/v1/auth/me' }, token);
  const refresh = (refreshToken: string) =>
    t.request({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken } }, null);
  const login = (username: string, password: string, address = '127.0.0.1') =>
    t.request(
      { method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, remoteAddress: address },
      null,
    );

  it('signs in with a 15-minute access token, a refresh token and the user', async () => {
    const res = await login('admin', TEST_ADMIN_PASSWORD);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      expiresIn: 900,
      tokenType: 'Bearer',
      user: { username: 'admin', role: 'admin', regionCode: '450000' },
    });
    expect(body.user).not.toHaveProperty('passwordHash');
    const [, payload] = body.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    expect(claims.exp - claims.iat).toBe(900);
    expect((await me(body.accessToken)).json()).toMatchObject({ username: 'admin' });
  });

  it('answers an unknown user and a wrong password with the same 401', async () => {
    const wrongPassword = await login('admin', 'not-the-password', '10.0.0.1');
    const unknownUser = await login(`nobody-${randomBytes(3).toString('hex')}`, 'not-the-password', '10.0.0.1');
    expect(wrongPassword.statusCode).toBe(401);
    expect(unknownUser.statusCode).toBe(401);
    const strip = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });
    expect(strip(wrongPassword.json())).toEqual(strip(unknownUser.json()));
    expect(wrongPassword.json()).toMatchObject({ code: 'UNAUTHENTICATED', message: 'Wrong username or password' });
  });

  it('throttles a username from one address after 5 failures with 429 and Retry-After', async () => {
    const user = await createSignedInUser(t, 'officer', '450100');
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect((await login(user.username, 'wrong-password-x', '10.9.9.9')).statusCode).toBe(401);
    }
    const blocked = await login(user.username, TEST_USER_PASSWORD, '10.9.9.9');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().code).toBe('RATE_LIMITED');
    const retryAfter = Number(blocked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(800);
    expect(retryAfter).toBeLessThanOrEqual(900);
    // Another address is not blocked, so one attacker cannot lock the officer out everywhere.
    expect((await login(user.username, TEST_USER_PASSWORD, '10.9.9.10')).statusCode).toBe(200);
  });

  it('holds the limit when guesses arrive in parallel, and for look-alike usernames', async () => {
    const user = await createSignedInUser(t, 'officer', '450100');
    const results = await Promise.all(
      Array.from({ length: 20 }, () => login(user.username, 'parallel-guess-1', '10.7.7.7')),
    );
    const statuses = results.map((res) => res.statusCode);
    expect(statuses.filter((status) => status === 401)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(15);
    for (const variant of [`${user.username} `, `Ｘ${user.username}`, `${user.username}é`]) {
      expect((await login(variant, 'parallel-guess-1', '10.7.7.7')).statusCode).toBe(400);
    }
  });

  it('rotates refresh tokens, and reusing a spent one ends the whole sign-in', async () => {
    const user = await createSignedInUser(t, 'officer', '450200');
    const first = await t.login(user.username, TEST_USER_PASSWORD);
    const second = await refresh(first.refreshToken);
    expect(second.statusCode).toBe(200);
    const secondPair = second.json();
    expect(secondPair.refreshToken).not.toBe(first.refreshToken);
    const third = await refresh(secondPair.refreshToken);
    expect(third.statusCode).toBe(200);
    const thirdPair = third.json();
    expect((await me(thirdPair.accessToken)).statusCode).toBe(200);

    // An attacker replays the first token: the family is revoked, including what the user holds now.
    const replay = await refresh(first.refreshToken);
    expect(replay.statusCode).toBe(401);
    expect((await refresh(thirdPair.refreshToken)).statusCode).toBe(401);
    expect((await me(thirdPair.accessToken)).statusCode).toBe(401);
    // Other sign-ins of the same user are untouched.
    expect((await me(user.token)).statusCode).toBe(200);
  });

  it('ends the sign-in on logout: its access and refresh tokens stop working at once', async () => {
    const user = await createSignedInUser(t, 'resident', '450102');
    const pair = await t.login(user.username, TEST_USER_PASSWORD);
    const res = await t.request({ method: 'POST', url: '/api/v1/auth/logout', payload: {} }, pair.accessToken);
    expect(res.statusCode).toBe(204);
    expect((await me(pair.accessToken)).statusCode).toBe(401);
    expect((await refresh(pair.refreshToken)).statusCode).toBe(401);
    expect((await me(user.token)).statusCode).toBe(200);
  });

  it('answers an expired access token with 401 TOKEN_EXPIRED', async () => {
    const claims = JSON.parse(Buffer.from(t.adminToken.split('.')[1], 'base64url').toString());
    const jwt = t.app.get(JwtService);
    const expired = jwt.sign({ sub: claims.sub, sid: claims.sid }, { expiresIn: -10 });
    const res = await me(expired);
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('TOKEN_EXPIRED');
  });

  it('cuts a disabled user at the next request and refuses their sign-in', async () => {
    const user = await createSignedInUser(t, 'officer', '450300');
    const pair = await t.login(user.username, TEST_USER_PASSWORD);
    const disabled = await t.request({
      method: 'PATCH',
      url: `/api/v1/users/${user.id}`,
      payload: { version: user.version, active: false },
    });
    expect(disabled.statusCode).toBe(200);
    expect((await me(user.token)).statusCode).toBe(401);
    expect((await refresh(pair.refreshToken)).statusCode).toBe(401);
    expect((await login(user.username, TEST_USER_PASSWORD, '10.1.1.1')).json().code).toBe('UNAUTHENTICATED');
  });

  it('changes the own password: the current sign-in stays, the others end', async () => {
    const user = await createSignedInUser(t, 'officer', '450400');
    const other = await t.login(user.username, TEST_USER_PASSWORD);
    const change = (currentPassword: string, newPassword: string) =>
      t.request(
        { method: 'POST', url: '/api/v1/users/me/password', payload: { currentPassword, newPassword } },
        user.token,
      );

    const wrong = await change('wrong-current-password', 'brand-new-password-1');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().details[0].field).toBe('currentPassword');
    const short = await change(TEST_USER_PASSWORD, 'short');
    expect(short.json().details[0].field).toBe('newPassword');

    expect((await change(TEST_USER_PASSWORD, 'brand-new-password-1')).statusCode).toBe(204);
    expect((await me(user.token)).statusCode).toBe(200);
    expect((await me(other.accessToken)).statusCode).toBe(401);
    expect((await login(user.username, TEST_USER_PASSWORD, '10.2.2.2')).statusCode).toBe(401);
    expect((await login(user.username, 'brand-new-password-1', '10.2.2.2')).statusCode).toBe(200);
  });

  it('validates sign-in bodies', async () => {
    const res = await t.request(
      { method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 123, role: 'admin' } },
      null,
    );
    expect(res.statusCode).toBe(400);
    expect(
      res
        .json()
        .details.map((d: { field: string }) => d.field)
        .sort(),
    ).toEqual(['password', 'role']);
  });
});
