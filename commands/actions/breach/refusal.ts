import { refusalText } from '../../../src/breach/messages.js';
import { BreachError } from '../../../src/breach/state.js';
import type { Click } from '../../action.js';
import { auditRefusal } from '../../audience.js';

/** Who may act on a breach assessment: `BreachFlow` decides on every click (approvers and `breach.responders`, never guests). */
export const BREACH_AUDIENCE = { checkedBy: 'BreachFlow (approvers and breach.responders, never guests)' } as const;

/** The refusals of the breach flow (a {@link BreachError}), answered to the clicker; one for want of rights is on the trail as `breach.refused`. */
export async function breachRefusal(error: unknown, { services, userId, rawValue }: Click<string>): Promise<string | undefined> {
  if (!(error instanceof BreachError)) return undefined;
  if (error.code === 'not-authorized')
    await auditRefusal(services, { actor: userId, action: 'breach.refused', subject: rawValue.slice(0, 100), reason: error.message });
  return refusalText(error.message);
}
