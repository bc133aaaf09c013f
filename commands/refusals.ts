import { createHash } from 'node:crypto';
import type { Services } from '../src/services.js';

/**
 * Records a refused click in the audit log once per actor, action, subject and reason per rate-limit
 * window (`slack.rateLimits.window`): the trail says who tried what and why it was refused, and one
 * member clicking a refused button over and over cannot bury it (or slow the log down) with copies.
 * Returns whether an entry was written.
 */
export async function auditRefusalOnce(
  services: Pick<Services, 'audit' | 'redis' | 'keys' | 'config'>,
  entry: { actor: string; action: string; subject: string; detail: Record<string, unknown> },
): Promise<boolean> {
  const digest = createHash('sha256').update(JSON.stringify([entry.actor, entry.action, entry.subject, entry.detail])).digest('hex').slice(0, 32);
  const fresh = await services.redis.set(services.keys.key('audit-refusal', digest), '1', 'PX', services.config.slack.rateLimits.window, 'NX');
  if (fresh !== 'OK') return false;
  await services.audit.append(entry);
  return true;
}
