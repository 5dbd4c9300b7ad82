// The unified social credit code (统一社会信用代码), GB 32100-2015: 18 characters from a 31-character alphabet
// (digits and capitals without I, O, S, V, Z); characters 3-8 are the registering division's code; the last is
// a check character over the first 17 with weights 3^i mod 31.
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const SHAPE = new RegExp(`^[${ALPHABET}]{2}\\d{6}[${ALPHABET}]{10}$`);

export type CreditCodeProblem = 'length' | 'charset' | 'check';

/** The check character for the first 17 characters of a code. */
export function creditCodeCheckCharacter(first17: string): string {
  const sum = [...first17].reduce((total, char, index) => total + ALPHABET.indexOf(char) * WEIGHTS[index], 0);
  return ALPHABET[(31 - (sum % 31)) % 31];
}

/** Null when `code` is a valid credit code; otherwise what is wrong with it. */
export function creditCodeProblem(code: string): CreditCodeProblem | null {
  if (code.length !== 18) return 'length';
  if (!SHAPE.test(code)) return 'charset';
  return creditCodeCheckCharacter(code.slice(0, 17)) === code[17] ? null : 'check';
}

export const CREDIT_CODE_MESSAGES: Record<CreditCodeProblem, string> = {
  length: 'must be 18 characters (统一社会信用代码)',
  charset:
    'may contain only digits and capital letters other than I, O, S, V and Z, with a six-digit division code at characters 3-8',
  check: 'has a wrong check character (the last one); check for a typing mistake',
};
