import { ResultStore } from '../../src/checks/store.js';
import type { Subcommand } from '../subcommand.js';
import { scanDestination } from './scan.js';
import { uploadProducer } from '../../src/queues/producers.js';

const FORMATS = ['md', 'csv', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

/**
 * `/gdpr report [md | csv | json | sarif]`: uploads an evidence file (article → checks → resources → status),
 * which names every weakness of the accounts: to the channel when it is members-only
 * (`channels.private`), else to the requester by direct message, as scans do.
 */
export const report: Subcommand = {
  name: 'report',
  usage: '[md | csv | json | sarif]',
  summary: 'upload an evidence report for an auditor (GDPR article → checks → resources); approvers only',
  // The report lays out every weakness of the accounts, in the channel: approvers decide where it goes.
  audience: 'approvers',
  async run({ args, services, respond, channelId, userId }) {
    const requested = (args[0] ?? 'md').toLowerCase();
    if (!FORMATS.includes(requested as Format)) {
      await respond({ response_type: 'ephemeral', text: 'The report comes as `md` (default), `csv`, `json` or `sarif`, e.g. `/gdpr report csv`.' });
      return;
    }
    const store = new ResultStore(services.redis, services.keys);
    if ((await store.lastScan()) === undefined && (await store.latest()).length === 0) {
      await respond({ response_type: 'ephemeral', text: 'There are no scan results to report yet. Run `/gdpr scan` first.' });
      return;
    }
    const destination = await scanDestination(services, channelId, userId);
    await uploadProducer(services.queues).report({ channel: destination.channel, user: userId, format: requested as Format });
    await respond({
      response_type: 'ephemeral',
      text: `:page_facing_up: Preparing the evidence report (${requested.toUpperCase()}); it will be uploaded ${destination.where}.`,
    });
  },
};
