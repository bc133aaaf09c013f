import { DataMapStore } from '../../src/datamap/store.js';
import { dataMapMessage } from '../../src/datamap/messages.js';
import type { Subcommand } from '../subcommand.js';

/** `/gdpr data`: the personal data map of the latest scan (from Redis; no AWS call). */
export const data: Subcommand = {
  name: 'data',
  summary: 'the personal data map: buckets holding personal data, their categories, location, encryption, exposure and logging',
  answerInAck: true,
  async run({ services, respond }) {
    await respond({ response_type: 'ephemeral', ...dataMapMessage(await new DataMapStore(services.redis, services.keys).all()) });
  },
};
