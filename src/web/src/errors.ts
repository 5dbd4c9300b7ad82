import { ElMessage } from 'element-plus';
import { ApiError } from './api/client';
import { CODE_MESSAGES, detailMessage, rateLimitedMessage } from './error-messages';

export { detailMessage };

/** A readable Chinese message for any error thrown by an API call. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    // 429: the server's reason and the wait, in Chinese.
    if (error.code === 'RATE_LIMITED') return rateLimitedMessage(error.message, error.retryAfterSeconds);
    const base = CODE_MESSAGES[error.code] ?? (error.status >= 500 ? CODE_MESSAGES.INTERNAL : '操作失败，请稍后重试');
    const first =
      error.details.find((detail) => !detail.field) ??
      (error.code === 'VALIDATION_FAILED' ? undefined : error.details[0]);
    return first && error.code !== 'VERSION_CONFLICT' ? `${base}：${detailMessage(first)}` : base;
  }
  // Not an API answer (a script error): the details are for the console, the user gets Chinese.
  console.error(error);
  return '操作失败，请刷新页面后重试';
}

/** Shows an error as a toast. */
export function showError(error: unknown): void {
  ElMessage.error({ message: describeError(error), grouping: true });
}

/** Field name → Chinese message, from a VALIDATION_FAILED (or DUPLICATE) answer; nested fields keep their path. */
export function fieldErrorsOf(error: unknown, overrides: Record<string, string> = {}): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!(error instanceof ApiError)) return errors;
  for (const detail of error.details) {
    if (detail.field && !errors[detail.field]) errors[detail.field] = detailMessage(detail, overrides);
  }
  return errors;
}
