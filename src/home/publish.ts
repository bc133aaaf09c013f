import type { Services } from '../services.js';
import { homeCharts } from './charts.js';
import { loadHomeInput } from './data.js';
import { homeView, restrictedHomeView } from './messages.js';

/** People who opened the Home tab within this time get it refreshed after a scan. */
export const VIEWER_TTL_MS = 30 * 86_400_000;
/** At most this many Home tabs are refreshed after a scan (views.publish is Tier 4, ~100 a minute). */
export const MAX_REFRESHED = 100;

function viewersKey(services: Pick<Services, 'keys'>): string {
  return services.keys.key('home', 'viewers');
}

/** Remembers that `userId` opened the Home tab (ids only; kept {@link VIEWER_TTL_MS}). */
export async function rememberViewer(services: Pick<Services, 'redis' | 'keys' | 'now'>, userId: string): Promise<void> {
  const now = services.now().getTime();
  await services.redis
    .multi()
    .zadd(viewersKey(services), now, userId)
    .zremrangebyscore(viewersKey(services), '-inf', now - VIEWER_TTL_MS)
    .exec();
}

/**
 * Publishes the Home tab of `userId` (who must have passed the audience check). When Slack refuses the
 * view because of a chart (an image it cannot show yet), it is published again without the charts.
 */
export async function publishHome(services: Services, userId: string): Promise<void> {
  const charts = await homeCharts(services);
  const input = await loadHomeInput(services, userId, charts);
  try {
    await services.slack.views.publish({ user_id: userId, view: homeView(input) });
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error;
    if (charts.length === 0 || (code !== 'invalid_blocks' && code !== 'invalid_arguments')) throw error;
    services.log.warn({ err: error, user: userId }, 'Slack refused the Home tab with its charts; published it without them');
    await services.slack.views.publish({ user_id: userId, view: homeView({ ...input, charts: [] }) });
  }
}

/**
 * After a scan: the Home tabs of the people who opened theirs lately, refreshed with the new posture.
 * Each viewer is checked again as on opening (`allowed`): one who may no longer see the posture (now a
 * guest) gets the restricted view in place of the old one. One failure does not stop the others.
 */
export async function publishHomesAfterScan(services: Services, allowed: (userId: string) => Promise<boolean>): Promise<{ published: number; failed: number }> {
  const since = services.now().getTime() - VIEWER_TTL_MS;
  const viewers = await services.redis.zrevrangebyscore(viewersKey(services), '+inf', since, 'LIMIT', 0, MAX_REFRESHED);
  let published = 0;
  let failed = 0;
  for (const userId of viewers) {
    try {
      if (await allowed(userId)) await publishHome(services, userId);
      else await services.slack.views.publish({ user_id: userId, view: restrictedHomeView() });
      published += 1;
    } catch (err) {
      failed += 1;
      services.log.warn({ err, user: userId }, 'could not refresh a Home tab after the scan');
    }
  }
  return { published, failed };
}
