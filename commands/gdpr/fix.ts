import type { FixRequest } from '../../src/remediations/engine.js';
import { fixAskText } from '../../src/remediations/messages.js';
import { requestFixForCheck } from '../../src/remediations/requests.js';
import { code } from '../../src/slack/mrkdwn.js';
import type { Subcommand } from '../subcommand.js';

const CHECK_ID = /^[a-z0-9_]{3,100}$/;
/** A resource as the user may name it: an ARN, `account/region`, or a short name (bucket, user, key id, region). */
const RESOURCE = /^[\x21-\x7e]{1,1900}$/;
const ACCESS_KEY_ID = /^[A-Z0-9]{16,128}$/;

/** Reads `<check_id> [resource] [access_key_id]`; `undefined` when the words do not fit. */
export function parseFixArgs(args: readonly string[]): FixRequest | undefined {
  const [checkId, resource, accessKeyId, ...rest] = args;
  if (!checkId || !CHECK_ID.test(checkId) || rest.length > 0) return undefined;
  if (resource !== undefined && !RESOURCE.test(resource)) return undefined;
  if (accessKeyId !== undefined && !ACCESS_KEY_ID.test(accessKeyId)) return undefined;
  return { checkId, ...(resource ? { resource } : {}), ...(accessKeyId ? { accessKeyId } : {}) };
}

/**
 * `/gdpr fix <check_id> [resource] [access_key_id]`: asks for the fix of a failing check from the
 * latest stored results; approvers decide in the approvals channel.
 */
export const fix: Subcommand = {
  name: 'fix',
  usage: '<check_id> [resource] [access_key_id]',
  summary: 'request the fix of a failing check (an approver approves it before anything changes)',
  async run({ args, userId, channelId, respond, services }) {
    const request = parseFixArgs(args);
    if (!request) {
      await respond({
        response_type: 'ephemeral',
        text: `Usage: ${code('/gdpr fix <check_id> [resource] [access_key_id]')}, e.g. ${code('/gdpr fix s3_bucket_tls_only my-bucket')} or ${code('/gdpr fix ebs_default_encryption eu-west-1')}.`,
      });
      return;
    }
    const text = fixAskText(await requestFixForCheck(services, { fix: request, userId, kind: 'command', origin: { channel: channelId } }));
    await respond({ response_type: 'ephemeral', text });
  },
};
