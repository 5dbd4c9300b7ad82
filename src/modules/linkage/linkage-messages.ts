import type { LeadRow } from '../leads/dto/lead.mapper';

const SHANGHAI_TIME = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** A time as users read it: Beijing time. */
export function shanghaiText(at: Date): string {
  return SHANGHAI_TIME.format(at);
}

/** A lead's name in messages: its code name when confidential (messages may be read by anyone nearby). */
export function leadLabel(lead: Pick<LeadRow, 'title' | 'confidential' | 'codeName'>): string {
  return lead.confidential ? (lead.codeName ?? '保密项目') : lead.title;
}
