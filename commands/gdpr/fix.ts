import { requestFixForCheck } from '../../src/remediations/requests.js';
import { code } from '../../src/slack/mrkdwn.js';
import type { Subcommand } from '../subcommand.js';

/** `/gdpr fix <check_id> [resource]`: asks for the fix of a failing check; approvers decide in the approvals channel. */
export const fix: Subcommand = {
  name: 'fix',
  usage: '<check_id> [resource]',
  summary: 'request the fix of a failing check (an approver approves it before anything changes)',
  async run({ args, userId, channelId, respond, services }) {
    const [checkId, resource] = args;
    if (!checkId || !/^[a-z0-9_]{3,100}$/.test(checkId)) {
      await respond({ response_type: 'ephemeral', text: `Usage: ${code('/gdpr fix <check_id> [resource]')}, e.g. ${code('/gdpr fix s3_bucket_tls_only my-bucket')}.` });
      return;
    }
    const text = await requestFixForCheck(services, { checkId, resource: resource ?? '', userId, kind: 'command', origin: { channel: channelId } });
    await respond({ response_type: 'ephemeral', text });
  },
};
