import type { Logger } from 'pino';

/** A start-up failure the operator can fix; printed as one line without a stack trace. */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

interface RetryOptions<T> {
  what: string;
  timeoutSeconds: number;
  logger: Logger;
  attempt: () => Promise<T>;
  giveUpMessage: (lastError: Error) => string;
  isFatal?: (error: unknown) => boolean;
  intervalMs?: number;
}

/** Retries `attempt` with a log line each time until it succeeds or the time is up. */
export async function retryUntil<T>(options: RetryOptions<T>): Promise<T> {
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  const interval = options.intervalMs ?? 1000;
  for (let attemptNumber = 1; ; attemptNumber++) {
    try {
      return await options.attempt();
    } catch (error) {
      const lastError = error instanceof Error ? error : new Error(String(error));
      if (options.isFatal?.(error)) throw new StartupError(`${options.what}: ${lastError.message}`);
      if (Date.now() + interval >= deadline) throw new StartupError(options.giveUpMessage(lastError));
      options.logger.warn(
        { attempt: attemptNumber, reason: lastError.message },
        `Waiting for ${options.what} (attempt ${attemptNumber}, giving up after ${options.timeoutSeconds} s)`,
      );
      await new Promise((resolve) => setTimeout(resolve, interval));
    }
  }
}
