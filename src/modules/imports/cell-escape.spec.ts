import { escapeCellText } from './cell-escape';

describe('escapeCellText', () => {
  it.each(['=HYPERLINK("http://x","点我")', '+1+1', '-2+3', '@SUM(A1:A2)', '\t=1', '\r=1'])(
    'neutralises %j',
    (text) => {
      expect(escapeCellText(text)).toBe(`'${text}`);
    },
  );

  it.each(['深圳市惠科电子有限公司', '1+1', 'a=b', ''])('leaves %j alone', (text) => {
    expect(escapeCellText(text)).toBe(text);
  });
});
