import type { Logger } from '../src/log.js';
import { errorText, newErrorRef } from '../src/slack/error-text.js';
import type { Reply } from './subcommand.js';

export { errorText, newErrorRef };

/** Logs the failure with a reference and answers the user ephemerally with that reference. */
export async function replyWithError(args: { error: unknown; respond?: Reply; log: Logger; what: string }): Promise<string> {
  const ref = newErrorRef();
  args.log.error({ err: args.error, ref, what: args.what }, 'request failed');
  if (args.respond) {
    await args
      .respond({ response_type: 'ephemeral', replace_original: false, text: errorText(args.error, ref) })
      .catch((err: unknown) => args.log.error({ err, ref }, 'could not tell the user about the failure'));
  }
  return ref;
}
