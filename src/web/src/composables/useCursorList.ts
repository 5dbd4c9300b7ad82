import { computed, reactive, ref, shallowRef } from 'vue';
import type { Page } from '../api/client';
import { showError } from '../errors';

/**
 * A list paged by the API's cursor: `load()` fetches the first page, `next()` / `previous()` move by one page
 * (previous pages' cursors are kept, since a cursor only points forward).
 */
export function useCursorList<T>(fetchPage: (cursor: string | undefined) => Promise<Page<T>>) {
  const items = shallowRef<T[]>([]);
  const loading = ref(false);
  const total = ref<number | undefined>(undefined);
  const cursors = ref<(string | undefined)[]>([undefined]);
  const nextCursor = ref<string | null>(null);
  const pageIndex = computed(() => cursors.value.length - 1);

  // Only the latest request's answer is shown: a slow answer to an older filter must not overwrite a newer one.
  let latestRequest = 0;

  async function fetchAt(cursor: string | undefined): Promise<boolean> {
    const request = ++latestRequest;
    loading.value = true;
    try {
      const page = await fetchPage(cursor);
      if (request !== latestRequest) return false;
      items.value = page.items;
      nextCursor.value = page.nextCursor;
      if (page.total !== undefined) total.value = page.total;
      return true;
    } catch (error) {
      if (request === latestRequest) showError(error);
      return false;
    } finally {
      if (request === latestRequest) loading.value = false;
    }
  }

  /** The first page again (after a filter changed or a record was written). */
  async function load(): Promise<void> {
    cursors.value = [undefined];
    total.value = undefined;
    await fetchAt(undefined);
  }

  async function next(): Promise<void> {
    if (!nextCursor.value) return;
    const cursor = nextCursor.value;
    if (await fetchAt(cursor)) cursors.value = [...cursors.value, cursor];
  }

  async function previous(): Promise<void> {
    if (cursors.value.length < 2) return;
    const remaining = cursors.value.slice(0, -1);
    if (await fetchAt(remaining[remaining.length - 1])) cursors.value = remaining;
  }

  /** The current page again, e.g. after editing a row on it. */
  async function refresh(): Promise<void> {
    await fetchAt(cursors.value[cursors.value.length - 1]);
  }

  // reactive: templates read list.items, list.loading... without .value, and can hand the whole list to CursorPager.
  return reactive({ items, loading, total, nextCursor, pageIndex, load, next, previous, refresh });
}

export type CursorList<T> = ReturnType<typeof useCursorList<T>>;
