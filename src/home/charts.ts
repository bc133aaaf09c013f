import type { WebClient } from '@slack/web-api';
import { postureCharts, TREND_HISTORY_LIMIT } from '../charts/posture.js';
import type { RenderedChart } from '../charts/render.js';
import { ResultStore } from '../checks/store.js';
import { Lease } from '../redis/lease.js';
import type { Services } from '../services.js';
import { withWaivers } from '../waivers/flow.js';
import type { HomeChart } from './types.js';

/** What is stored of the uploaded charts: the scan they show, and the files. */
interface StoredCharts {
  scanId: string;
  files: HomeChart[];
}

/** How long one process may take to draw and upload the charts before another may try. */
const LOCK_MS = 60_000;

/** Draws the posture charts of the latest results and history (the chart libraries load on the first call). */
export async function drawPostureCharts(services: Services): Promise<RenderedChart[]> {
  const store = new ResultStore(services.redis, services.keys);
  const [stored, history] = await Promise.all([store.latest(), store.history(TREND_HISTORY_LIMIT)]);
  const results = await withWaivers(services, stored);
  const specs = postureCharts({ results, history, now: services.now() });
  if (specs.length === 0) return [];
  const { renderChart } = await import('../charts/render.js');
  const out: RenderedChart[] = [];
  for (const spec of specs) out.push(await renderChart(spec));
  return out;
}

/**
 * Uploads rendered charts with files.uploadV2, one file each (so each id is known): shared in `channel`
 * with `comment` when given, else kept private to the bot (for image blocks of the Home tab).
 */
export async function uploadCharts(
  slack: Pick<WebClient, 'filesUploadV2'>,
  charts: readonly RenderedChart[],
  where: { channel?: string; comment?: string } = {},
): Promise<HomeChart[]> {
  const out: HomeChart[] = [];
  for (const [i, chart] of charts.entries()) {
    const answer = (await slack.filesUploadV2({
      file: chart.png,
      filename: `gdpr-${chart.name}.png`,
      title: chart.title,
      alt_text: chart.altText,
      ...(where.channel ? { channel_id: where.channel, ...(i === 0 && where.comment ? { initial_comment: where.comment } : {}) } : {}),
    })) as unknown as { files?: { files?: { id?: string }[] }[] };
    const id = answer.files?.[0]?.files?.[0]?.id;
    if (!id) throw new Error(`files.uploadV2 returned no file id for ${chart.name}`);
    out.push({ fileId: id, title: chart.title, altText: chart.altText });
  }
  return out;
}

/** How long a Home tab waits for the charts another process is drawing before it goes with the older ones. */
const WAIT_FOR_OTHER_MS = 15_000;

/** The charts another process is drawing for `scanId`, once stored; the older ones (or none) if that takes too long. */
async function chartsOfOtherProcess(services: Services, key: string, scanId: string, stored: StoredCharts | undefined): Promise<HomeChart[]> {
  const deadline = Date.now() + WAIT_FOR_OTHER_MS;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const raw = await services.redis.get(key);
    const now = raw ? (JSON.parse(raw) as StoredCharts) : undefined;
    if (now?.scanId === scanId) return now.files;
  }
  services.log.warn({ scanId }, 'the Home tab charts of the latest scan are still being drawn elsewhere; shown without them for now');
  return stored?.files ?? [];
}

/**
 * The charts of the Home tab for the latest scan: uploaded once per scan (the first caller draws and
 * uploads them, under a lease; the others use what is stored), the previous scan's files deleted. A
 * failure is logged and the Home tab goes without charts, never without the rest.
 */
export async function homeCharts(services: Services): Promise<HomeChart[]> {
  const key = services.keys.key('home', 'charts');
  try {
    const [raw, [latest]] = await Promise.all([services.redis.get(key), new ResultStore(services.redis, services.keys).history(1)]);
    const stored = raw ? (JSON.parse(raw) as StoredCharts) : undefined;
    if (!latest) return [];
    if (stored?.scanId === latest.scanId) return stored.files;
    const lease = await Lease.acquire(services.redis, services.keys.key('home', 'charts-lock'), LOCK_MS);
    if (!lease) return await chartsOfOtherProcess(services, key, latest.scanId, stored);
    try {
      const files = await uploadCharts(services.slack, await drawPostureCharts(services));
      await services.redis.set(key, JSON.stringify({ scanId: latest.scanId, files } satisfies StoredCharts));
      for (const old of stored?.files ?? []) {
        await services.slack.files
          .delete({ file: old.fileId })
          .catch((err: unknown) => services.log.warn({ err, file: old.fileId }, 'could not delete an old Home tab chart'));
      }
      return files;
    } finally {
      await lease.release();
    }
  } catch (err) {
    services.log.error({ err }, 'could not draw or upload the Home tab charts; the Home tab goes without them');
    return [];
  }
}

/**
 * `/gdpr status chart` (the `chart` job): draws the charts and uploads them to `channel` (chosen by the
 * command: members-only, else the requester's DM). Without results there is nothing to draw: it says so.
 */
export async function shareStatusCharts(services: Services, data: { channel?: string; user?: string }): Promise<{ uploaded?: string; skipped?: string }> {
  if (!data.channel) throw new Error('chart job without a channel');
  const charts = await drawPostureCharts(services);
  if (charts.length === 0) {
    await services.slack.chat.postMessage({ channel: data.channel, text: 'There are no scan results to chart yet. Run `/gdpr scan` first.' });
    return { skipped: 'no results' };
  }
  const comment = `GDPR posture charts${data.user ? ` requested by <@${data.user}>` : ''}: the score over the last 90 days and the checks per action item (each image's description has the numbers).`;
  const files = await uploadCharts(services.slack, charts, { channel: data.channel, comment });
  return { uploaded: files.map((f) => f.fileId).join(',') };
}
