import { ACCESS_ACTIONS, ACCESS_MODAL } from '../src/access/messages.js';
import type { Services } from '../src/services.js';
import { RateLimiter, retryIn } from '../src/slack/rate-limit.js';
import type { GateRequest, RequestGate } from '../src/slack/router.js';
import { isForeignRequest } from '../src/slack/workspace.js';
import { auditRefusal, homeOf } from './audience.js';

/** `/gdpr access …` words that do not file a request (the form, the list, revoke and cancel). */
const ACCESS_NON_REQUESTS = new Set(['', 'list', 'revoke', 'cancel']);

/** The rate-limit bucket of a request: per button, per form, per `/gdpr` subcommand. */
function bucket(request: GateRequest): { name: string; words: string[] } {
  if (request.kind !== 'command') return { name: `${request.kind}:${request.id}`, words: [] };
  const words = String((request.body as { text?: unknown }).text ?? '')
    .trim()
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean);
  return { name: `command:${request.id}:${(words[0] ?? 'help').slice(0, 30)}`, words };
}

/** True when the request files a just-in-time access request (or an extension of a grant). */
function filesAccessRequest(request: GateRequest, words: readonly string[]): boolean {
  if (request.kind === 'view') return request.id === ACCESS_MODAL;
  if (request.kind === 'action') return request.id === ACCESS_ACTIONS.extend;
  return words[0] === 'access' && !ACCESS_NON_REQUESTS.has(words[1] ?? '');
}

/**
 * The checks in front of every listener (see `ListenerRouter.useGate`):
 * - clicks and form submissions from another organisation (the request's team / enterprise is not the
 *   bot's: Slack Connect) are refused; commands decide per subcommand (`/gdpr help` is for everyone);
 * - per-user rate limits (`slack.rateLimits`): clicks per button, commands per subcommand, and access
 *   requests, each in a fixed window in Redis. Past a limit the request is answered and nothing else
 *   happens: no job, no audit entry, no message in a channel. The first refusal in a window is logged.
 */
export function makeRequestGate(services: Services): RequestGate {
  const limiter = new RateLimiter(services.redis, services.keys);
  const limits = services.config.slack.rateLimits;
  const log = services.log.child({ component: 'request-gate' });
  return async (request) => {
    if (request.kind !== 'command' && isForeignRequest(homeOf(request.context), request.body)) {
      const refusal = ':no_entry: Accounts from another organisation cannot use gdpr-bot.';
      if (request.user) {
        await auditRefusal(services, {
          actor: request.user,
          action: request.kind === 'view' ? 'form.refused' : 'click.refused',
          subject: String(request.id).slice(0, 100),
          reason: refusal,
        });
      }
      return refusal;
    }
    const user = request.user;
    if (!user) return undefined;
    const { name, words } = bucket(request);
    // `/gdpr help` is answered in its acknowledgement and changes nothing: no limit to keep (and so it
    // keeps working while Redis is down).
    if (request.kind === 'command' && (words[0] ?? 'help') === 'help') return undefined;
    const max = request.kind === 'command' ? limits.commands : limits.actions;
    const hit = await limiter.hit(user, name, max, limits.window);
    if (!hit.allowed) {
      if (hit.firstRefusal)
        log.warn({ user, bucket: name, limit: max, windowMs: limits.window }, 'rate limit reached; further requests in this window are refused');
      return `:hourglass: Slow down: at most ${max} of these per user every ${Math.round(limits.window / 1000)} s. Nothing was done; try again ${retryIn(hit.retryAfterMs)}.`;
    }
    if (filesAccessRequest(request, words)) {
      const filed = await limiter.hit(user, 'access-request', limits.accessRequests, limits.accessWindow);
      if (!filed.allowed) {
        if (filed.firstRefusal) log.warn({ user, limit: limits.accessRequests, windowMs: limits.accessWindow }, 'access request limit reached');
        return `:hourglass: You have filed ${limits.accessRequests} access requests recently, the most one person may. Nothing was filed; try again ${retryIn(filed.retryAfterMs)}.`;
      }
    }
    return undefined;
  };
}
