import { hash, verify } from '@node-rs/argon2';

// argon2id at OWASP's minimum (m=19 MiB, t=2, p=1): ~25-50 ms here, without tying up libuv's small pool.
// algorithm 2 is Argon2id (the package's const enum cannot be imported under isolatedModules).
const ARGON2_OPTIONS = { algorithm: 2 as const, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let timingDummy: Promise<string> | undefined;

/** Verifies against a throwaway hash, so an unknown username costs as long as a wrong password. */
export async function spendVerificationTime(password: string): Promise<void> {
  timingDummy ??= hashPassword('timing-equaliser-not-a-password');
  await verifyPassword(await timingDummy, password);
}
