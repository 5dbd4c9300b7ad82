import { reactive, ref, shallowRef } from 'vue';
import { ElMessage } from 'element-plus';
import { fieldErrorsOf, showError } from '../errors';

/**
 * Submitting a form (`messages`: this form's wording for rules whose meaning depends on it, e.g. `exists`): `errors[field]` holds the API's message for each field it rejected (bind it to
 * el-form-item's `error`), other failures show as a toast. `submit` resolves to the result, or undefined on failure.
 */
export function useForm(options: { messages?: Record<string, string> } = {}) {
  const errors = reactive<Record<string, string>>({});
  const submitting = ref(false);
  /** The last failure, for pages that act on a particular code (a DUPLICATE's candidates, say). */
  const lastError = shallowRef<unknown>(null);

  function clear(): void {
    for (const key of Object.keys(errors)) delete errors[key];
  }

  async function submit<T>(action: () => Promise<T>, successMessage?: string): Promise<T | undefined> {
    clear();
    lastError.value = null;
    submitting.value = true;
    try {
      const result = await action();
      if (successMessage) ElMessage.success(successMessage);
      return result;
    } catch (error) {
      lastError.value = error;
      const fieldErrors = fieldErrorsOf(error, options.messages);
      Object.assign(errors, fieldErrors);
      showError(error);
      return undefined;
    } finally {
      submitting.value = false;
    }
  }

  /** The messages of `field` and of the fields nested under it (`contacts` → `contacts.0.phone`), joined. */
  function errorOf(field: string): string | undefined {
    const messages = Object.entries(errors)
      .filter(([key]) => key === field || key.startsWith(`${field}.`))
      .map(([, message]) => message);
    return messages.length ? [...new Set(messages)].join('；') : undefined;
  }

  // reactive: templates read form.errors.x and form.submitting without .value.
  return reactive({ errors, submitting, lastError, submit, clear, errorOf });
}
