// Dates are shown in Asia/Shanghai whatever the browser's zone; amounts are 亿元 as the API sends them.
const SHANGHAI = 'Asia/Shanghai';

const dateTimeFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: SHANGHAI,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const dateFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: SHANGHAI,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

export function formatDateTime(value: string | null | undefined): string {
  return value ? dateTimeFormat.format(new Date(value)).replace(/\//g, '-') : '—';
}

export function formatDate(value: string | null | undefined): string {
  return value ? dateFormat.format(new Date(value)).replace(/\//g, '-') : '—';
}

/** 12.5 → "12.50 亿元"; null → "—". */
export function formatAmount(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${value.toFixed(value >= 100 ? 1 : 2)} 亿元`;
}

export function formatPercent(ratio: number | null | undefined): string {
  return ratio === null || ratio === undefined ? '—' : `${(ratio * 100).toFixed(1)}%`;
}

/** The Shanghai calendar date of an instant, as YYYY-MM-DD. */
export function shanghaiDate(instant: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: SHANGHAI }).format(instant);
}

/** A date picker's "YYYY-MM-DD HH:mm" (Shanghai wall time) as ISO 8601 with +08:00, as the API expects. */
export function shanghaiIso(wallTime: string): string {
  const [date, time = '09:00'] = wallTime.trim().split(/[ T]/);
  return `${date}T${time.length === 5 ? `${time}:00` : time}+08:00`;
}

/** Now as a picker value "YYYY-MM-DD HH:mm" in Shanghai. */
export function shanghaiNowWallTime(): string {
  return shanghaiWallTime(new Date().toISOString());
}

/** A calendar date "YYYY-MM-DD" moved by `days` (negative: back). */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** An instant as a picker value "YYYY-MM-DD HH:mm" in Shanghai wall time (the inverse of shanghaiIso). */
export function shanghaiWallTime(iso: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: SHANGHAI,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).formatToParts(new Date(iso));
  const part = (type: string) => parts.find((entry) => entry.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour') === '24' ? '00' : part('hour')}:${part('minute')}`;
}
