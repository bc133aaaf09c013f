import { AccessError } from '../../../src/access/state.js';
import type { Click } from '../../action.js';

/**
 * The refusals of the access flow (an {@link AccessError}: not an approver, not the requester, a grant that
 * ended, …): on the trail as `access.refused` (who tried what, and why; coalesced per user and minute) and
 * answered to the clicker. Anything else gets an error reference.
 */
export function accessRefusal(what: string) {
  return async (error: unknown, { userId, rawValue, services, log }: Click<string>): Promise<string | undefined> => {
    if (!(error instanceof AccessError)) return undefined;
    await services.audit
      .refused({ actor: userId, action: 'access.refused', subject: rawValue.slice(0, 100), detail: { action: what, reason: error.message } })
      .catch((err: unknown) => log.error({ err }, 'could not audit a refused access click'));
    return `:no_entry: ${error.message}`;
  };
}

/** Who may click the access buttons: the flow decides on every click (the button value is only an id). */
export const ACCESS_AUDIENCE = {
  checkedBy: 'AccessFlow (who may approve, deny, end, extend or get credentials is decided per request on every click)',
} as const;
