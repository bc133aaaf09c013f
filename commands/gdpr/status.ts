import { manualStatuses } from '../../src/checks/manual.js';
import { startScan } from '../../src/checks/scans.js';
import { ResultStore } from '../../src/checks/store.js';
import { DataMapStore } from '../../src/datamap/store.js';
import { code } from '../../src/slack/mrkdwn.js';
import { postureMessage } from '../../src/slack/posture.js';
import { withWaivers } from '../../src/waivers/flow.js';
import { scanDestination } from './scan.js';
import type { Subcommand } from '../subcommand.js';

/** `/gdpr status`: the posture from the latest stored results; with none, starts a scan and says so. */
export const status: Subcommand = {
  name: 'status',
  summary: 'GDPR posture across the 14 action items, from the latest scan',
  // A few small Redis reads (the results themselves are cached per process): the posture comes back in
  // the acknowledgement, in one round trip.
  answerInAck: true,
  async run({ services, respond, channelId, userId }) {
    const store = new ResultStore(services.redis, services.keys);
    const [stored, meta, personal] = await Promise.all([store.latest(), store.lastScan(), new DataMapStore(services.redis, services.keys).personal()]);
    const results = await withWaivers(services, stored);
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
    await respond({ response_type: 'ephemeral', ...postureMessage({ results, meta, now: services.now(), manual: manualStatuses(services.config.manualAnswers, services.now()), personal }) });
  },
};
