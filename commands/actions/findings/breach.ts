import { BreachFlow } from '../../../src/breach/flow.js';
import { alreadyOpenText, openedText } from '../../../src/breach/messages.js';
import { FINDING_ACTIONS } from '../../../src/findings/messages.js';
import { FindingStore } from '../../../src/findings/store.js';
import { defineAction } from '../../action.js';
import { BREACH_AUDIENCE, breachRefusal } from '../breach/refusal.js';
import { findingId, UNKNOWN_FINDING } from './finding.js';

/** **Start breach assessment** on a finding: opens one assessment per finding (the Art. 33 clock starts). */
export const findingBreachAction = defineAction({
  id: FINDING_ACTIONS.breach,
  what: 'finding breach',
  audience: BREACH_AUDIENCE,
  parse: findingId,
  invalid: UNKNOWN_FINDING,
  refusal: breachRefusal,
  async run({ value: id, userId, services }) {
    const finding = await new FindingStore(services.redis, services.keys).get(id);
    if (!finding) return UNKNOWN_FINDING;
    const { breach, created } = await new BreachFlow(services).open(
      userId,
      { title: `${finding.source === 'macie' ? 'Macie' : 'GuardDuty'}: ${finding.title}`.slice(0, 150) },
      finding,
    );
    return created ? openedText(breach, breach.channel) : alreadyOpenText(breach.id);
  },
});
