/** Where a robot delivery goes: the deployment's group ("group") or a unit's own robot ("unit:450300"). */
export const DEPLOYMENT_GROUP = 'group';
export const unitRecipient = (regionCode: string): string => `unit:${regionCode}`;
export const unitOfRecipient = (recipient: string): string | null =>
  recipient.startsWith('unit:') ? recipient.slice('unit:'.length) : null;

/** A robot to post to: its address and, for a signed DingTalk robot, the secret. */
export interface RobotTarget {
  webhookUrl: string;
  secret: string | null;
}

/** The address with all but the last four characters of its query (the robot's token) hidden. */
export function maskWebhookUrl(url: string): string {
  const parsed = new URL(url);
  const query = parsed.search.slice(1);
  const shown = query.length > 4 ? `…${query.slice(-4)}` : '…';
  return `${parsed.origin}${parsed.pathname}${query ? `?${shown}` : ''}`;
}
