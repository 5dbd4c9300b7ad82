import { CODE_MESSAGES, detailMessage, rateLimitedMessage, waitText } from './error-messages';

// What a user reads beside a field is Chinese, with the rule's bound; the API's English message never shows.
describe('field error wording', () => {
  it('names the bound of length and range rules', () => {
    expect(
      detailMessage({
        field: 'title',
        constraint: 'minLength',
        message: 'title must be longer than or equal to 2 characters',
      }),
    ).toBe('至少 2 个字');
    expect(
      detailMessage({
        field: 'title',
        constraint: 'minLength',
        message: 'title must be longer than or equal to 1 characters',
      }),
    ).toBe('必须填写');
    expect(
      detailMessage({
        field: 'name',
        constraint: 'maxLength',
        message: 'name must be shorter than or equal to 200 characters',
      }),
    ).toBe('最多 200 个字');
    expect(detailMessage({ field: 'amount', constraint: 'min', message: 'amount must not be less than 0' })).toBe(
      '不能小于 0',
    );
  });

  it('uses the rule name, a form override, or a Chinese fallback', () => {
    expect(
      detailMessage({
        field: 'creditCode',
        constraint: 'isCreditCode',
        message: 'is not a valid unified social credit code',
      }),
    ).toBe('统一社会信用代码不正确');
    expect(
      detailMessage(
        { field: 'parkId', constraint: 'exists', message: 'is not a known park' },
        { exists: '园区不存在，请重新选择' },
      ),
    ).toBe('园区不存在，请重新选择');
    expect(detailMessage({ field: 'x', constraint: 'somethingNew', message: 'an English sentence' })).toBe(
      '填写不正确',
    );
  });

  it('translates every error code of the API', () => {
    const codes = [
      'VALIDATION_FAILED',
      'UNAUTHENTICATED',
      'TOKEN_EXPIRED',
      'FORBIDDEN',
      'NOT_FOUND',
      'METHOD_NOT_ALLOWED',
      'CONFLICT',
      'DUPLICATE',
      'VERSION_CONFLICT',
      'PAYLOAD_TOO_LARGE',
      'UNSUPPORTED_MEDIA_TYPE',
      'RATE_LIMITED',
      'NOT_READY',
      'INTERNAL',
    ];
    for (const code of codes) expect(CODE_MESSAGES[code]).toMatch(/[\u4e00-\u9fa5]/);
  });
});

// A 429 shows the server's reason and how long to wait, in Chinese (the API's messages are English).
describe('rate-limited wording', () => {
  it('turns the server’s reasons into Chinese sentences with the wait', () => {
    expect(rateLimitedMessage('Too many failed sign-ins; try again in 600 s', 600)).toBe(
      '登录失败次数过多，请 10 分钟后再试',
    );
    expect(rateLimitedMessage('More than 10 uploads in 10 minutes; try again in 42 s', 42)).toBe(
      '10 分钟内上传已超过 10 次，请 42 秒后再试',
    );
    expect(rateLimitedMessage('More than 5 exports in 60 minutes; try again in 90 s')).toBe(
      '60 分钟内导出已超过 5 次，请 90 秒后再试',
    );
    expect(
      rateLimitedMessage('You have 3 imports waiting or running; upload this file when one of them is done', 30),
    ).toBe('您已有 3 个导入任务在排队或进行中，请待其中一个完成后再上传（请 30 秒后再试）');
  });

  it('prefers Retry-After to the message’s own wait, and says “later” when neither gives one', () => {
    expect(rateLimitedMessage('Too many failed sign-ins; try again in 600 s', 59)).toBe(
      '登录失败次数过多，请 59 秒后再试',
    );
    expect(rateLimitedMessage('Too many failed sign-ins')).toBe('登录失败次数过多，请稍后再试');
  });

  it('shows a Chinese reason as it is, and a generic one for English it does not know', () => {
    expect(rateLimitedMessage('今日短信发送次数已达上限', 3600)).toBe('今日短信发送次数已达上限（请 60 分钟后再试）');
    expect(rateLimitedMessage('Slow down', 5)).toBe('操作过于频繁，请 5 秒后再试');
    expect(rateLimitedMessage('Slow down')).toBe(CODE_MESSAGES.RATE_LIMITED);
  });

  it('counts the wait in seconds, then minutes', () => {
    expect(waitText(0.2)).toBe('1 秒');
    expect(waitText(119)).toBe('119 秒');
    expect(waitText(121)).toBe('3 分钟');
  });
});
