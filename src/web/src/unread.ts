import { ref } from 'vue';
import { get } from './api/client';
import type { Me } from './api/types';

/** Unread notifications, shown on the header's badge; pages that mark notifications read call refreshUnread(). */
export const unreadCount = ref(0);

export async function refreshUnread(): Promise<void> {
  try {
    unreadCount.value = (await get<Me>('/auth/me')).unreadNotifications ?? 0;
  } catch {
    // the badge is a convenience; a failed poll waits for the next one
  }
}
