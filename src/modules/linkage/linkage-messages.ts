import type { LeadRow } from '../leads/dto/lead.mapper';

/** A lead's name in messages: its code name when confidential (messages may be read by anyone nearby). */
export function leadLabel(lead: Pick<LeadRow, 'title' | 'confidential' | 'codeName'>): string {
  return lead.confidential ? (lead.codeName ?? '保密项目') : lead.title;
}
