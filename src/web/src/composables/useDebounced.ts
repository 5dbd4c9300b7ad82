import { getCurrentInstance, onBeforeUnmount } from 'vue';

/**
 * `fn` run `ms` after the last call (a search box firing on every keystroke), cancelled when the component that
 * called this unmounts, so a late timer never loads a list of a page the user left.
 * The result also has `cancel()` and `flush()` (run a pending call now).
 */
export function useDebounced<A extends unknown[]>(fn: (...args: A) => unknown, ms = 300) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending: A | null = null;

  function cancel(): void {
    clearTimeout(timer);
    timer = undefined;
    pending = null;
  }

  function flush(): void {
    const args = pending;
    cancel();
    if (args) void fn(...args);
  }

  const debounced = (...args: A): void => {
    clearTimeout(timer);
    pending = args;
    timer = setTimeout(flush, ms);
  };

  if (getCurrentInstance()) onBeforeUnmount(cancel);
  return Object.assign(debounced, { cancel, flush });
}
