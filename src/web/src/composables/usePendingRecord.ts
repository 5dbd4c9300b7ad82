import { ref, type Ref } from 'vue';
import { ApiError, get } from '../api/client';
import { describeError } from '../errors';

interface PendingRecord {
  id: string;
  status?: string;
  version?: number;
}

/**
 * A record a dialog acts on while it is still pending (a dispatch to accept, an escalation to answer). `open(record)`
 * takes the caller's copy; one without a `version` (a workbench board item) is read afresh. A record answered or
 * gone meanwhile sets `blocked` (shown instead of the form) and calls `onStale`, so the caller reloads its list.
 */
export function usePendingRecord<T extends PendingRecord>(options: {
  path: (id: string) => string;
  /** "该交办" / "该请示": the subject of the Chinese notices. */
  noun: string;
  /** The notice for a record no longer pending, by its status. */
  answeredNotice: (status: string) => string;
  onStale: () => void;
}) {
  const current = ref<T | null>(null) as Ref<T | null>;
  const reading = ref(false);
  const blocked = ref<string | null>(null);
  let latestRead = 0;

  async function read(id: string): Promise<void> {
    const request = ++latestRead;
    reading.value = true;
    try {
      const fresh = await get<T>(options.path(id));
      if (request !== latestRead || current.value?.id !== id) return;
      current.value = { ...current.value, ...fresh };
      if (fresh.status && fresh.status !== 'pending') {
        blocked.value = options.answeredNotice(fresh.status);
        options.onStale();
      }
    } catch (error) {
      if (request !== latestRead) return;
      const gone = error instanceof ApiError && error.status === 404;
      blocked.value = gone ? `${options.noun}不存在或已不在您的管辖范围内。` : describeError(error);
      if (gone) options.onStale();
    } finally {
      if (request === latestRead) reading.value = false;
    }
  }

  function open(record: T): void {
    current.value = { ...record };
    blocked.value = null;
    if (record.version === undefined) void read(record.id);
  }

  return { current, reading, blocked, read, open };
}
