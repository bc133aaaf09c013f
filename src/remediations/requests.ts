import type { Services } from '../services.js';
import type { FixRequest } from './engine.js';
import { remediationFlow, type CreateRequestInput, type CreateRequestResult } from './flow.js';
import type { DecisionOutcome, FixAskOutcome, RestoreAskOutcome } from './outcomes.js';

/**
 * The remediation flow (src/remediations/flow.ts) called with the shared services, for callers that hold
 * `Services` rather than the flow (the findings feed's fix requester, tests). New code calls the flow.
 */

export { requestStore, type CreateRequestInput, type CreateRequestResult } from './flow.js';

/**
 * Chains what a change staged. A failure here loses nothing: the entries stay staged and the next drain
 * (any append, verify, the periodic audit job) chains them. (Other flows that stage audit entries use it too.)
 */
export async function chainAudit(services: Pick<Services, 'audit' | 'log'>): Promise<void> {
  await services.audit.drain().catch((err: unknown) => services.log.warn({ err }, 'audit entries staged but not chained yet; the audit job will chain them'));
}

/** {@link RemediationFlow.create} of these services. */
export function createRemediationRequest(services: Services, input: CreateRequestInput): Promise<CreateRequestResult> {
  return remediationFlow(services).create(input);
}

/** {@link RemediationFlow.decide} of these services. */
export function decide(services: Services, args: { requestId: string; userId: string; decision: 'approve' | 'reject' }): Promise<DecisionOutcome> {
  return remediationFlow(services).decide(args);
}

/** {@link RemediationFlow.requestFixForCheck} of these services. */
export function requestFixForCheck(
  services: Services,
  args: { fix: FixRequest; userId: string; kind: 'check' | 'command'; origin?: { channel: string; ts?: string } },
): Promise<FixAskOutcome> {
  return remediationFlow(services).requestFixForCheck(args);
}

/** {@link RemediationFlow.requestRestore} of these services. */
export function requestRestore(
  services: Services,
  args: { isolationId: string; userId: string; origin?: { channel: string; ts?: string } },
): Promise<RestoreAskOutcome> {
  return remediationFlow(services).requestRestore(args);
}
