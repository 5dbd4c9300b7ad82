import { Logger } from '@nestjs/common';
import { throttledErrorLogger } from './throttled-error-log';

describe('throttledErrorLogger', () => {
  it('logs each distinct message once per 30 s per source', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.useFakeTimers({ now: new Date('2026-11-27T00:00:00Z') });
    try {
      const log = throttledErrorLogger('worker imports');
      for (let attempt = 0; attempt < 50; attempt++) log(new Error('connect ECONNREFUSED 127.0.0.1:6379'));
      log(new Error('Missing lock for job 7. moveToFinished'));
      expect(warn.mock.calls.map((call) => call[1])).toEqual([
        'Queue error: connect ECONNREFUSED 127.0.0.1:6379',
        'Queue error: Missing lock for job 7. moveToFinished',
      ]);
      jest.advanceTimersByTime(30_000);
      log(new Error('connect ECONNREFUSED 127.0.0.1:6379'));
      expect(warn).toHaveBeenCalledTimes(3);
      throttledErrorLogger('queue imports')(new Error('connect ECONNREFUSED 127.0.0.1:6379'));
      expect(warn).toHaveBeenCalledTimes(4);
    } finally {
      jest.useRealTimers();
      warn.mockRestore();
    }
  });
});
