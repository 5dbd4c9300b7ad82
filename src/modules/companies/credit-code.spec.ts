import { creditCodeCheckCharacter, creditCodeProblem } from './credit-code';

describe('unified social credit code (GB 32100-2015)', () => {
  // Codes with correct check characters, including ones that end in letters and in 0.
  const valid = [
    '91350100M000100Y43',
    '914403001922038216',
    '91110000100000005W'.slice(0, 17) + creditCodeCheckCharacter('91110000100000005'),
    '91440300MA5FXXXXX'.replace(/X/g, '1') + creditCodeCheckCharacter('91440300MA5F11111'),
  ];

  it.each(valid)('accepts %s', (code) => {
    expect(creditCodeProblem(code)).toBeNull();
  });

  it('computes the check character', () => {
    expect(creditCodeCheckCharacter('91350100M000100Y4')).toBe('3');
  });

  it.each([
    ['91350100M000100Y4', 'length'],
    ['91350100M000100Y433', 'length'],
    ['91350100M000100Y44', 'check'],
    ['91350100M000100I43', 'charset'],
    ['9135010OM000100Y43', 'charset'],
    ['91350100m000100y43', 'charset'],
    ['9A350100M000100Y43'.replace('A', 'Z'), 'charset'],
    ['91ABCDEFM000100Y43', 'charset'],
  ])('rejects %s (%s)', (code, problem) => {
    expect(creditCodeProblem(code)).toBe(problem);
  });

  it('catches every single-character typo of a valid code', () => {
    const code = '91350100M000100Y43';
    for (let position = 0; position < 17; position++) {
      const replacement = code[position] === '1' ? '2' : '1';
      expect(creditCodeProblem(code.slice(0, position) + replacement + code.slice(position + 1))).not.toBeNull();
    }
  });
});
