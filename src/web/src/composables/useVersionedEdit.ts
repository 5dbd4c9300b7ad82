import { reactive, ref, type Ref } from 'vue';
import { get, patch, post } from '../api/client';
import { showError } from '../errors';
import { isVersionConflict, versionedBody } from '../versioned-edit';
import { useForm } from './useForm';

interface Versioned {
  id: string;
  version: number;
}

/**
 * One dialog that creates a record or edits one read afresh (settings: users, teams). `open(row)` reads the record
 * and fills the draft, `openNew()` starts from the empty draft. `save` sends an update's changes with the version
 * read; a 409 VERSION_CONFLICT (someone else saved first) sets `stale`, and `reload()` then replaces the draft with
 * the latest record (the user re-applies their change knowingly).
 */
export function useVersionedEdit<T extends Versioned, D extends object>(options: {
  /** The collection: '/teams' (a record is read and updated at '/teams/{id}'). */
  path: string;
  emptyDraft: () => D;
  /** The draft's values for a record as read (the rest stay empty). */
  draftOf: (record: T) => Partial<D>;
  /** After the draft was set: from a record read, or null for a new one. */
  onFill?: (record: T | null) => void;
  /** After a successful save (`created`: it was a new record). */
  onSaved?: (record: T, created: boolean) => unknown;
  messages: { created: string; saved: string };
}) {
  const dialogOpen = ref(false);
  /** The record as read (null: a new record). */
  const editing = ref<T | null>(null) as Ref<T | null>;
  const draft = reactive(options.emptyDraft()) as D;
  const form = useForm();
  const stale = ref(false);

  const read = (id: string) => get<T>(`${options.path}/${id}`);

  function reset(record: T | null): void {
    editing.value = record;
    Object.assign(draft, options.emptyDraft(), record ? options.draftOf(record) : {});
    stale.value = false;
    form.clear();
    options.onFill?.(record);
  }

  function openNew(): void {
    reset(null);
    dialogOpen.value = true;
  }

  async function open(row: Versioned): Promise<void> {
    try {
      reset(await read(row.id));
      dialogOpen.value = true;
    } catch (error) {
      showError(error);
    }
  }

  /** After a version conflict: the latest record replaces the draft. */
  async function reload(): Promise<void> {
    if (!editing.value) return;
    try {
      reset(await read(editing.value.id));
    } catch (error) {
      showError(error);
    }
  }

  /** Creates (`create`'s body) or updates (`update`'s changes, sent with the version read); resolves to the record saved. */
  async function save(bodies: {
    create: () => object;
    update: (record: T) => Record<string, unknown>;
  }): Promise<T | undefined> {
    const record = editing.value;
    const saved = await form.submit(
      () =>
        record
          ? patch<T>(`${options.path}/${record.id}`, versionedBody(record.version, bodies.update(record)))
          : post<T>(options.path, bodies.create()),
      record ? options.messages.saved : options.messages.created,
    );
    stale.value = isVersionConflict(form.lastError);
    if (saved) {
      dialogOpen.value = false;
      await options.onSaved?.(saved, !record);
    }
    return saved;
  }

  return { dialogOpen, editing, draft, form, stale, open, openNew, reload, save };
}
