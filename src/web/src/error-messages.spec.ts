import { CODE_MESSAGES, detailMessage } from './error-messages';

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
