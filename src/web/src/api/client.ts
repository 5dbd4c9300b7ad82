import type { TokenPair, User as SignedInUser } from './types';
export type { SignedInUser };
import { reactive } from 'vue';

/** One entry of an API error's `details` (docs/api.md "Errors"). */
export interface ErrorDetail {
  field?: string;
  constraint?: string;
  message: string;
  [extra: string]: unknown;
}

/** An API answer that is not 2xx, in the docs/api.md "Errors" shape, or a network failure (status 0, code NETWORK). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly requestId?: string,
    /** RATE_LIMITED and NOT_READY: how long to wait, from the Retry-After header. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total?: number;
}

const ACCESS_KEY = 'zs.accessToken';
const REFRESH_KEY = 'zs.refreshToken';
const USER_KEY = 'zs.user';
/** Read by the queue board (/admin/queues), which a browser opens directly without our Authorization header. */
const ACCESS_COOKIE = 'zs_access_token';

/** The signed-in session, shared by every page. Tokens survive a reload in localStorage. */
export const session = reactive({
  accessToken: localStorage.getItem(ACCESS_KEY),
  refreshToken: localStorage.getItem(REFRESH_KEY),
  user: JSON.parse(localStorage.getItem(USER_KEY) ?? 'null') as SignedInUser | null,
});

/** `onSignedOut`: the session ended (the router sends the user to sign in). */
export const sessionEvents = { onSignedOut: (): void => undefined };

const userChangeListeners: (() => void)[] = [];
/** Runs `listener` whenever the signed-in user changes (sign-in, sign-out, another tab): caches of the last user go. */
export function onUserChanged(listener: () => void): void {
  userChangeListeners.push(listener);
}
function userChanged(): void {
  userChangeListeners.forEach((listener) => listener());
}

function storeSession(accessToken: string | null, refreshToken: string | null, user: SignedInUser | null): void {
  const changed = session.user?.id !== user?.id;
  session.accessToken = accessToken;
  session.refreshToken = refreshToken;
  session.user = user;
  const store = (key: string, value: string | null) =>
    value === null ? localStorage.removeItem(key) : localStorage.setItem(key, value);
  store(ACCESS_KEY, accessToken);
  store(REFRESH_KEY, refreshToken);
  store(USER_KEY, user ? JSON.stringify(user) : null);
  const secure = location.protocol === 'https:' ? '; Secure' : '';
  document.cookie = accessToken
    ? `${ACCESS_COOKIE}=${encodeURIComponent(accessToken)}; path=/admin/queues; SameSite=Strict${secure}`
    : `${ACCESS_COOKIE}=; path=/admin/queues; max-age=0`;
  if (changed) userChanged();
}

// Tabs share one sign-in: another tab's refresh, sign-in or sign-out is adopted here, so no tab reuses a refresh
// token another has spent (which would end the sign-in everywhere).
window.addEventListener('storage', (event) => {
  if (![ACCESS_KEY, REFRESH_KEY, USER_KEY].includes(event.key ?? '')) return;
  const user = JSON.parse(localStorage.getItem(USER_KEY) ?? 'null') as SignedInUser | null;
  const changed = session.user?.id !== user?.id;
  session.accessToken = localStorage.getItem(ACCESS_KEY);
  session.refreshToken = localStorage.getItem(REFRESH_KEY);
  session.user = user;
  if (changed) {
    userChanged();
    if (!user) sessionEvents.onSignedOut();
  }
});

type Query = Record<string, string | number | boolean | null | undefined | readonly (string | number)[]>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** Sent as Idempotency-Key: a retried write with the same key is applied once. */
  idempotencyKey?: string;
  /** Read the answer as a file (Blob) instead of JSON. */
  asBlob?: boolean;
}

function urlFor(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) value.forEach((item) => params.append(key, String(item)));
    else params.set(key, String(value));
  }
  const search = params.toString();
  return `/api/v1${path}${search ? `?${search}` : ''}`;
}

/** Retry-After in seconds (the API sends a number of seconds; an HTTP date is turned into one). */
function retryAfterOf(header: string | null): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(1, Math.ceil((at - Date.now()) / 1000));
}

async function errorFrom(response: Response): Promise<ApiError> {
  try {
    const body = await response.json();
    return new ApiError(
      response.status,
      body.code ?? 'INTERNAL',
      body.message ?? response.statusText,
      body.details ?? [],
      body.requestId,
      retryAfterOf(response.headers.get('retry-after')),
    );
  } catch {
    return new ApiError(response.status, response.status >= 500 ? 'INTERNAL' : 'UNKNOWN', response.statusText);
  }
}

/** A JSON call not answered by then is treated as a lost connection (the server gives up after 30 s itself). */
const JSON_TIMEOUT_MS = 35_000;

async function send(method: string, path: string, options: RequestOptions, token: string | null): Promise<Response> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) body = options.body;
  else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  // Uploads and file downloads may take longer than a JSON call; they keep the browser's own limits.
  const timeout = options.asBlob || options.body instanceof FormData ? undefined : AbortSignal.timeout(JSON_TIMEOUT_MS);
  try {
    return await fetch(urlFor(path, options.query), { method, headers, body, signal: timeout });
  } catch {
    throw new ApiError(0, 'NETWORK', 'The server could not be reached');
  }
}

// A refresh token is single-use and reusing one ends the sign-in everywhere, so concurrent 401s share one refresh.
let refreshing: Promise<'refreshed' | 'refused' | 'unreachable'> | null = null;

function refreshTokens(): Promise<'refreshed' | 'refused' | 'unreachable'> {
  refreshing ??= (async () => {
    // Another tab may have refreshed already: its pair is in localStorage.
    const stored = localStorage.getItem(REFRESH_KEY);
    if (stored && stored !== session.refreshToken) {
      session.accessToken = localStorage.getItem(ACCESS_KEY);
      session.refreshToken = stored;
      return 'refreshed';
    }
    if (!session.refreshToken) return 'refused';
    const response = await send('POST', '/auth/refresh', { body: { refreshToken: session.refreshToken } }, null).catch(
      () => null,
    );
    if (response?.ok) {
      const pair = await response.json();
      storeSession(pair.accessToken, pair.refreshToken, pair.user ?? session.user);
      return 'refreshed';
    }
    // Only the server saying no ends the session; a lost connection or a busy server leaves it for the next call.
    return response && (response.status === 400 || response.status === 401) ? 'refused' : 'unreachable';
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

/** Calls the API; a 401 refreshes the tokens once and retries. Throws ApiError for every non-2xx answer. */
export async function api<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  let response = await send(method, path, options, session.accessToken);
  if (response.status === 401 && session.refreshToken && !path.startsWith('/auth/')) {
    const outcome = await refreshTokens();
    if (outcome === 'refreshed') response = await send(method, path, options, session.accessToken);
    else if (outcome === 'unreachable') throw new ApiError(0, 'NETWORK', 'The session could not be refreshed');
    else {
      storeSession(null, null, null);
      sessionEvents.onSignedOut();
    }
  }
  if (!response.ok) throw await errorFrom(response);
  if (options.asBlob) return (await response.blob()) as T;
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  try {
    return (text ? JSON.parse(text) : undefined) as T;
  } catch {
    // A proxy's HTML page instead of the API's JSON.
    throw new ApiError(response.status, 'UNKNOWN', 'The answer was not JSON');
  }
}

export const get = <T>(path: string, query?: Query) => api<T>('GET', path, { query });
export const post = <T>(path: string, body?: unknown, options: RequestOptions = {}) =>
  api<T>('POST', path, { ...options, body });
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, { body });
export const put = <T>(path: string, body: unknown) => api<T>('PUT', path, { body });
export const del = <T>(path: string) => api<T>('DELETE', path);

export async function signIn(username: string, password: string): Promise<SignedInUser> {
  const result = await post<TokenPair>('/auth/login', {
    username,
    password,
  });
  storeSession(result.accessToken, result.refreshToken, result.user);
  try {
    // /auth/me answers the user as stored now (a role or unit changed since the token was issued).
    storeSession(result.accessToken, result.refreshToken, await get<SignedInUser>('/auth/me'));
  } catch {
    // the login answer's user is enough
  }
  return session.user!;
}

export async function signOut(): Promise<void> {
  try {
    if (session.accessToken)
      await post('/auth/logout', session.refreshToken ? { refreshToken: session.refreshToken } : {});
  } catch {
    // signing out locally is what matters
  }
  storeSession(null, null, null);
}

/** Saves a downloaded file under `fileName`. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
