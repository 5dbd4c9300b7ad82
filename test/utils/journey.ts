import type { Page, Request } from 'playwright-core';

// Journeys through the web app, timed: each step's wall time and the API requests the pages made during it, printed
// as a table when the journey ends. expectRendered() bounds what a page asks of the API to render (MAX_RENDER_REQUESTS),
// counting from the navigation (openPage / markNavigation) until the network is quiet.

/** No page may make more API requests than this to render. */
export const MAX_RENDER_REQUESTS = 6;
const API_PREFIX = '/api/v1/';
/** The network is settled after this long without a request in flight. */
const QUIET_MS = 400;

export interface ApiCall {
  at: number;
  method: string;
  /** Path below /api/v1, with the query string. */
  path: string;
  headers: Record<string, string>;
}

interface Row {
  step: string;
  ms: number;
  calls: ApiCall[];
  /** A page render bounded by expectRendered. */
  render: boolean;
}

class PageTracker {
  readonly calls: ApiCall[] = [];
  private readonly inflight = new Set<Request>();
  lastActivity = Date.now();
  navigatedAt = Date.now();
  navigationIndex = 0;
  journey: Journey | null = null;

  constructor(page: Page) {
    page.on('request', (request) => {
      if (['websocket', 'eventsource'].includes(request.resourceType())) return;
      this.inflight.add(request);
      this.lastActivity = Date.now();
      const url = new URL(request.url());
      if (url.pathname.startsWith(API_PREFIX))
        this.calls.push({
          at: Date.now(),
          method: request.method(),
          path: url.pathname.slice(API_PREFIX.length - 1) + url.search,
          headers: request.headers(),
        });
    });
    const done = (request: Request) => {
      this.inflight.delete(request);
      this.lastActivity = Date.now();
    };
    page.on('requestfinished', done);
    page.on('requestfailed', done);
  }

  mark(): void {
    this.navigatedAt = Date.now();
    this.navigationIndex = this.calls.length;
  }

  /** Resolves once nothing has been in flight for QUIET_MS; returns when the last request ended. */
  async quiet(timeoutMs = 20_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.inflight.size === 0 && Date.now() - this.lastActivity >= QUIET_MS) return this.lastActivity;
      if (Date.now() > deadline) throw new Error(`the network never settled: ${this.inflight.size} requests in flight`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

const trackers = new WeakMap<Page, PageTracker>();

/** The page's request log (created on first use: call it before the page sends anything worth counting). */
export function trackPage(page: Page): PageTracker {
  let tracker = trackers.get(page);
  if (!tracker) {
    tracker = new PageTracker(page);
    trackers.set(page, tracker);
  }
  return tracker;
}

/** API calls the page made so far. */
export function apiCalls(page: Page): ApiCall[] {
  return trackPage(page).calls;
}

/** Counting for the next render starts now (a click that opens another page or tab). */
export function markNavigation(page: Page): void {
  trackPage(page).mark();
}

/**
 * Opens `path` the way the menu does (the router, no reload) once the app runs, so the count is the page's own and
 * not the app's start (reference data, the signed-in user); before that, a full load.
 */
export async function openPage(page: Page, baseUrl: string, path: string): Promise<void> {
  const tracker = trackPage(page);
  tracker.mark();
  const pushed = await page.evaluate(async (to) => {
    const app = (document.querySelector('#app') as (Element & { __vue_app__?: any }) | null)?.__vue_app__;
    const router = app?.config.globalProperties.$router;
    if (!router) return false;
    await router.push(to);
    return true;
  }, path);
  if (!pushed) await page.goto(`${baseUrl}${path}`);
}

export interface Rendered {
  label: string;
  requests: number;
  ms: number;
  calls: ApiCall[];
}

/**
 * Waits for the page to settle (the `ready` element, then a quiet network) and asserts it made at most
 * MAX_RENDER_REQUESTS API requests since the navigation; the render is a row of the page's journey, if any.
 */
export async function expectRendered(
  page: Page,
  label: string,
  options: { ready?: string; max?: number } = {},
): Promise<Rendered> {
  const tracker = trackPage(page);
  if (options.ready) await page.locator(options.ready).first().waitFor();
  const settledAt = await tracker.quiet();
  const calls = tracker.calls.slice(tracker.navigationIndex).filter((call) => call.at <= settledAt);
  const rendered = { label, requests: calls.length, ms: Math.max(0, settledAt - tracker.navigatedAt), calls };
  tracker.journey?.rows.push({ step: `render ${label}`, ms: rendered.ms, calls, render: true });
  const max = options.max ?? MAX_RENDER_REQUESTS;
  if (calls.length > max)
    throw new Error(
      `${label} made ${calls.length} API requests to render (at most ${max}):\n  ${calls.map(describe).join('\n  ')}`,
    );
  // Requests after the render belong to what the user does next.
  tracker.navigationIndex = tracker.calls.length;
  return rendered;
}

const describe = (call: ApiCall) =>
  `${call.method} ${call.path.length > 70 ? `${call.path.slice(0, 67)}…` : call.path}`;

/** A user's journey: steps with their time and the API requests the journey's pages made meanwhile. */
export class Journey {
  readonly rows: Row[] = [];
  private readonly pages: Page[] = [];
  private readonly started = Date.now();

  constructor(readonly title: string) {}

  /** Counts this page's requests in the journey's steps and renders. */
  track(page: Page): Page {
    trackPage(page).journey = this;
    this.pages.push(page);
    return page;
  }

  async step<T>(label: string, action: () => Promise<T>): Promise<T> {
    const counts = this.pages.map((page) => trackPage(page).calls.length);
    const start = Date.now();
    const row: Row = { step: label, ms: 0, calls: [], render: false };
    this.rows.push(row);
    try {
      return await action();
    } finally {
      row.calls = this.pages.flatMap((page, index) => trackPage(page).calls.slice(counts[index] ?? 0));
      row.ms = Date.now() - start;
    }
  }

  /** Opens a page (openPage) and bounds its render (expectRendered): one row. */
  async open(page: Page, baseUrl: string, path: string, label: string, ready?: string): Promise<Rendered> {
    await openPage(page, baseUrl, path);
    return expectRendered(page, label, { ready });
  }

  /** The table of steps: time, API requests (renders marked ≤), and which requests. */
  print(): string {
    const width = Math.max(...this.rows.map((row) => displayWidth(row.step)), 10);
    const lines = [
      `── ${this.title} ──`,
      `${'#'.padStart(3)}  ${pad('step', width)}  ${'ms'.padStart(6)}  api  requests`,
      ...this.rows.map((row, index) => {
        const requests = summarize(row.calls);
        const count = `${row.calls.length}${row.render ? `/${MAX_RENDER_REQUESTS}` : ''}`;
        return `${String(index + 1).padStart(3)}  ${pad(row.step, width)}  ${String(row.ms).padStart(6)}  ${count.padStart(3)}  ${requests}`;
      }),
      `total ${Date.now() - this.started} ms, ${this.rows.filter((row) => !row.render).reduce((sum, row) => sum + row.calls.length, 0)} API requests in the steps`,
    ];
    const table = lines.join('\n');
    console.log(table);
    return table;
  }
}

/** Requests grouped by route (ids collapsed), e.g. "GET /leads/:id ×2". */
function summarize(calls: ApiCall[]): string {
  const counts = new Map<string, number>();
  for (const call of calls) {
    const route = `${call.method} ${call.path.split('?')[0].replace(/\/\d+(?=\/|$)/g, '/:id')}`;
    counts.set(route, (counts.get(route) ?? 0) + 1);
  }
  return [...counts].map(([route, count]) => (count > 1 ? `${route} ×${count}` : route)).join(', ') || '—';
}

/** Columns for CJK text, which a terminal shows two cells wide. */
function displayWidth(text: string): number {
  return [...text].reduce((width, char) => width + (/[\u2e80-\uffef]/.test(char) ? 2 : 1), 0);
}
function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}
