// A visit logged offline-first: the POST carries an Idempotency-Key that survives a lost connection (and a reload of
// the page), so a visit retried after a network failure is created once; a new key is drawn only after a success or
// a definite refusal. The server keys Idempotency-Key per user and the request carries whoever is signed in, so a
// stored visit is only ever sent by the user who logged it.
//
// Not usePendingRecord: that one re-reads a server record still awaiting an answer (a dispatch, an escalation); this
// one is a request the server has not yet acknowledged, kept on the device.
import { computed, onBeforeUnmount, onMounted, reactive, ref, type Ref } from 'vue';
import { ElMessage, ElMessageBox } from 'element-plus';
import { ApiError, api, session } from '../api/client';
import type { Visit, VisitCreate } from '../api/types';
import { formatDateTime } from '../format';
import { showError } from '../errors';

/** A visit the API has not yet acknowledged, stored on this device under its own user's key (client-only). */
export interface PendingVisit<D> {
  key: string;
  body: VisitCreate;
  /** The form as typed, put back on screen when the page is opened again. */
  draft: D;
  since: string;
  userId: string;
  storageKey: string;
}

const storageKeyFor = (id: string) => `zs.visitLog.pending.${id}`;
/** A stored visit older than this is re-sent only when the user says so (it may have been logged again by hand). */
const STALE_MS = 24 * 60 * 60 * 1000;
/** An attempt unanswered for this long shows the retry panel, so 放弃重试 is at hand before the 35 s timeout. */
const SLOW_MS = 8_000;
/** Answers after which nothing (or the same visit, on replay) can come of sending the same request again. */
const KEEP_KEY_AND_RETRY = new Set([0, 429, 500, 502, 503, 504]);
/** Definite refusals: nothing was created under the key; the corrected form gets a new one. */
const REFUSED = new Set([400, 403, 404, 409, 413]);

function readStored<D>(storageKey: string): PendingVisit<D> | null {
  const raw = localStorage.getItem(storageKey);
  if (!raw) return null;
  try {
    const stored = JSON.parse(raw) as Partial<PendingVisit<D>>;
    if (typeof stored.key === 'string' && stored.body && stored.draft) return stored as PendingVisit<D>;
  } catch {
    // unreadable: dropped below
  }
  localStorage.removeItem(storageKey);
  return null;
}
function storePending<D>(record: PendingVisit<D>): void {
  try {
    localStorage.setItem(record.storageKey, JSON.stringify(record));
  } catch {
    // Storage full or disabled: the retries still run while the page is open.
  }
}
/** Removes this visit from the device (under its own user's key; a newer one stored by another tab stays). */
function forgetPending<D>(record: PendingVisit<D>): void {
  const stored = readStored<D>(record.storageKey);
  if (!stored || stored.key === record.key) localStorage.removeItem(record.storageKey);
}
const isMine = <D>(record: PendingVisit<D>) => !!session.user && record.userId === session.user.id;

/** A UUID v4; crypto.randomUUID exists only on https or localhost, getRandomValues everywhere. */
function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The page's unsent visit (`pending`), sent with the same key until the API answers, retried on its own while the
 * connection is lost, and kept on the device until then. Leaving the page (unmount) stops everything.
 */
export function usePendingVisit<D>(options: {
  /** Created (or replayed). `wasCurrent`: the visit on screen was this one (not given up meanwhile). */
  onSaved: (saved: Visit, wasCurrent: boolean) => void;
  /** A definite refusal (the visit was forgotten): show the API's messages by the fields. */
  onRefused: (error: unknown) => void;
  /** The retry panel or the answer appeared: bring it on screen. */
  reveal: () => void;
  /** The visit on screen belongs to a user no longer signed in: take it and its form off the screen. */
  onForeign: () => void;
}) {
  const pending = ref<PendingVisit<D> | null>(null) as Ref<PendingVisit<D> | null>;
  const sending = ref(false);
  // failing: waiting for the next automatic attempt; slow: an attempt hangs; held: stored, waiting for the user.
  const retry = reactive({
    failing: false,
    slow: false,
    held: false,
    serverBusy: false,
    attempt: 0,
    nextAt: 0,
    now: Date.now(),
  });
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let slowTimer: ReturnType<typeof setTimeout> | undefined;
  let tick: ReturnType<typeof setInterval> | undefined;
  // Set on leaving the page: no timer or late answer may send anything afterwards.
  let disposed = false;
  const secondsLeft = computed(() => Math.max(0, Math.ceil((retry.nextAt - retry.now) / 1000)));
  const showRetryPanel = computed(() => !!pending.value && (retry.failing || retry.slow || retry.held));
  const retryTitle = computed(() => {
    if (retry.held && !sending.value) return '本机有一条尚未提交成功的走访记录';
    if (retry.failing && retry.serverBusy) return '服务器暂时无法处理，正在重试…';
    if (retry.failing) return '网络中断，正在重试…';
    return '网络较慢，正在等待服务器响应…';
  });

  function stopTimers(): void {
    clearTimeout(retryTimer);
    retryTimer = undefined;
    clearTimeout(slowTimer);
    slowTimer = undefined;
    clearInterval(tick);
    tick = undefined;
  }

  function stopRetrying(): void {
    stopTimers();
    Object.assign(retry, { failing: false, slow: false, held: false, serverBusy: false, attempt: 0 });
  }

  /** Takes the visit off the screen (it stays stored for its user). */
  function clear(): void {
    stopRetrying();
    pending.value = null;
  }

  function scheduleRetry(serverBusy: boolean): void {
    if (disposed) return;
    retry.failing = true;
    retry.held = false;
    retry.serverBusy = serverBusy;
    retry.attempt += 1;
    // 2, 4, 8, 16, 30, 30... seconds
    const delay = Math.min(30_000, 2_000 * 2 ** (retry.attempt - 1));
    retry.nextAt = Date.now() + delay;
    retry.now = Date.now();
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void send();
    }, delay);
    tick ??= setInterval(() => (retry.now = Date.now()), 1000);
  }

  /** A new visit from the form: stored with a new key, then sent. */
  async function submit(body: VisitCreate, draft: D): Promise<void> {
    const user = session.user;
    if (!user) return;
    const record: PendingVisit<D> = {
      key: newIdempotencyKey(),
      body,
      draft,
      since: new Date().toISOString(),
      userId: user.id,
      storageKey: storageKeyFor(user.id),
    };
    pending.value = record;
    storePending(record);
    await send();
  }

  async function send(): Promise<void> {
    const current = pending.value;
    if (disposed || !current || sending.value) return;
    if (!isMine(current)) {
      // Sent now it would be created as (and keyed for) whoever is signed in.
      options.onForeign();
      return;
    }
    clearTimeout(retryTimer);
    retryTimer = undefined;
    sending.value = true;
    retry.slow = false;
    slowTimer = setTimeout(() => {
      retry.slow = true;
      options.reveal();
    }, SLOW_MS);
    try {
      const saved = await api<Visit>('POST', '/visits', { body: current.body, idempotencyKey: current.key });
      // Created (or replayed): whatever happened meanwhile, this visit must not be sent again.
      forgetPending(current);
      if (disposed) return;
      const wasCurrent = pending.value === current;
      if (wasCurrent) clear();
      options.onSaved(saved, wasCurrent);
    } catch (error) {
      // Left the page, signed out, or the user gave this visit up meanwhile: nothing more to do for it here.
      if (disposed || pending.value !== current) return;
      const status = error instanceof ApiError ? error.status : -1;
      if (KEEP_KEY_AND_RETRY.has(status)) {
        // A lost connection, a timeout, or a server that failed (perhaps after committing): the same key replays safely.
        const first = !retry.failing;
        scheduleRetry(status !== 0);
        if (first) options.reveal();
      } else if (REFUSED.has(status)) {
        forgetPending(current);
        clear();
        options.onRefused(error);
      } else {
        // Signed out (401) or an answer we cannot place: the visit stays stored with its key, for 重试 or 放弃重试.
        stopRetrying();
        retry.held = true;
        showError(error);
      }
    } finally {
      clearTimeout(slowTimer);
      slowTimer = undefined;
      retry.slow = false;
      sending.value = false;
      // A new visit saved while a given-up one was still in flight goes out now.
      if (!disposed && pending.value && pending.value !== current && !retryTimer) void send();
    }
  }

  function giveUp(record: PendingVisit<D>): void {
    if (pending.value !== record) return;
    forgetPending(record);
    clear();
  }

  async function discard(): Promise<void> {
    const record = pending.value;
    if (!record) return;
    try {
      await ElMessageBox.confirm(
        '如果服务器已收到，这条走访可能已经保存。放弃后表单内容保留，再次提交将作为新的记录。确定放弃重试？',
        '放弃重试',
        {
          confirmButtonText: '放弃重试',
          cancelButtonText: '继续重试',
          type: 'warning',
        },
      );
    } catch {
      return;
    }
    giveUp(record);
  }

  /**
   * The signed-in user's visit left unsent on this device (a lost connection, a closed page): `show` puts its form
   * back on screen, and it is sent again (one older than a day only when the user says so).
   */
  async function restore(show: (draft: D) => void): Promise<void> {
    const user = session.user;
    if (!user || disposed || pending.value) return;
    const storageKey = storageKeyFor(user.id);
    const stored = readStored<D>(storageKey);
    // Records from before userId was stored sit under their user's key.
    if (!stored || (stored.userId && stored.userId !== user.id)) return;
    const record: PendingVisit<D> = { ...stored, userId: user.id, storageKey };
    show(record.draft);
    pending.value = record;
    const age = Date.now() - Date.parse(record.since);
    if (!(age <= STALE_MS)) {
      retry.held = true;
      let answer: 'resend' | 'discard' | 'later';
      try {
        await ElMessageBox.confirm(
          `本机保存着一条 ${formatDateTime(record.since)} 登记、至今未提交成功的走访记录（走访时间 ${formatDateTime(record.body.visitedAt)}），已超过 24 小时。如果您已另行登记过这次走访，请放弃，以免重复；否则可重新提交（同一条记录只会保存一次）。`,
          '未提交的走访记录',
          {
            confirmButtonText: '重新提交',
            cancelButtonText: '放弃这条记录',
            distinguishCancelAndClose: true,
            type: 'warning',
          },
        );
        answer = 'resend';
      } catch (action) {
        answer = action === 'cancel' ? 'discard' : 'later';
      }
      if (disposed || pending.value !== record) return;
      if (answer === 'resend') await send();
      else if (answer === 'discard') giveUp(record);
      // 'later': it stays on screen, held, with 重试 and 放弃重试.
      else options.reveal();
      return;
    }
    ElMessage.info('发现上次未提交成功的走访记录，正在重新提交…');
    await send();
  }

  function onOnline(): void {
    if (pending.value && retry.failing && !sending.value) void send();
  }

  onMounted(() => window.addEventListener('online', onOnline));
  onBeforeUnmount(() => {
    disposed = true;
    window.removeEventListener('online', onOnline);
    stopTimers();
  });

  return {
    pending,
    sending,
    retry,
    secondsLeft,
    showRetryPanel,
    retryTitle,
    submit,
    send,
    discard,
    restore,
    clear,
    /** True once the page is left. */
    disposed: () => disposed,
  };
}
