export const ROLES = ['admin', 'manager', 'officer', 'resident'] as const;
export type Role = (typeof ROLES)[number];

/** Every role: for routes any signed-in user may call. */
export const ANY_ROLE: readonly Role[] = ROLES;
