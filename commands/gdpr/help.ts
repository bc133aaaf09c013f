import type { KnownBlock } from '@slack/types';
import type { Subcommand } from '../subcommand.js';

/** Builds the help message from the registered subcommands, so it always lists exactly what exists. */
export function helpBlocks(subcommands: readonly Subcommand[]): { text: string; blocks: KnownBlock[] } {
  const lines = subcommands.map((s) => `• \`/gdpr ${s.name}${s.usage ? ` ${s.usage}` : ''}\`: ${s.summary}`);
  return {
    text: 'gdpr-bot: available commands',
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: 'gdpr-bot' } },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: 'Keeps this AWS environment in line with the security GDPR expects (Art. 25, 30, 32, 33).',
        },
      },
      { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } },
    ],
  };
}

export const help: Subcommand = {
  name: 'help',
  summary: 'show this list',
  audience: 'everyone',
  immediate: ({ subcommands }) => ({ response_type: 'ephemeral', ...helpBlocks(subcommands) }),
  async run({ respond, subcommands }) {
    await respond({ response_type: 'ephemeral', ...helpBlocks(subcommands) });
  },
};
