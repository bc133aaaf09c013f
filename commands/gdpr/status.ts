import { manualStatuses } from '../../src/checks/manual.js';
import { startScan } from '../../src/checks/scans.js';
import { ResultStore } from '../../src/checks/store.js';
import { DataMapStore } from '../../src/datamap/store.js';
import { code } from '../../src/slack/mrkdwn.js';
import { postureMessage } from '../../src/checks/messages.js';
import { applyLiveWaivers, liveWaivers } from '../../src/waivers/flow.js';
import { scanDestination } from './scan.js';
import type { Subcommand, SubcommandContext } from '../subcommand.js';
import { uploadProducer } from '../../src/queues/producers.js';

/**
 * `/gdpr status chart`: the posture trend and per-item charts, drawn by a job (`chart`) and uploaded with
 * files.uploadV2 where scan summaries go (this channel when it is members-only, else a DM).
 */
async function queueCharts(services: SubcommandContext['services'], respond: SubcommandContext['respond'], channelId: string, userId: string): Promise<void> {
  const store = new ResultStore(services.redis, services.keys);
  if ((await store.latest()).length === 0) {
    await respond({ response_type: 'ephemeral', text: 'There are no scan results to chart yet. Run `/gdpr scan` first.' });
    return;
  }
  const destination = await scanDestination(services, channelId, userId);
  await uploadProducer(services.queues).chart({ channel: destination.channel, user: userId });
  await respond({ response_type: 'ephemeral', text: `:bar_chart: Drawing the posture charts; they will be uploaded ${destination.where}.` });
}

/** `/gdpr status`: the posture from the latest stored results; with none, starts a scan and says so. */
export const status: Subcommand = {
  name: 'status',
  usage: '[chart]',
  summary: 'GDPR posture across the 14 action items, from the latest scan (`chart`: as pictures)',
  // A few small Redis reads (the results themselves are cached per process): the posture comes back in
  // the acknowledgement, in one round trip.
  answerInAck: true,
  async run({ args, services, respond, channelId, userId }) {
    if (args[0]?.toLowerCase() === 'chart') {
      await queueCharts(services, respond, channelId, userId);
      return;
    }
    const store = new ResultStore(services.redis, services.keys);
    // Every read at once, so their round trips to Redis overlap.
    const [stored, meta, personal, live] = await Promise.all([
      store.latest(),
      store.lastScan(),
      new DataMapStore(services.redis, services.keys).personal(),
      liveWaivers(services),
    ]);
    const results = applyLiveWaivers(stored, live, services.now());
    if (results.length === 0) {
      const destination = await scanDestination(services, channelId, userId);
      const { scanId, started } = await startScan(services, { selector: { kind: 'all' }, channel: destination.channel, user: userId, trigger: 'slack' });
      await respond({
        response_type: 'ephemeral',
        text: started
          ? `No scan results yet, so I started a full scan (${code(scanId)}). Its progress and summary will appear ${destination.where}; run \`/gdpr status\` again when it is done.`
          : `No scan results yet. A full scan (${code(scanId)}) is already running; its summary will appear where it was started.`,
      });
      return;
    }
    await respond({
      response_type: 'ephemeral',
      ...postureMessage({ results, meta, now: services.now(), manual: manualStatuses(services.config.manualAnswers, services.now()), personal }),
    });
  },
};
