/**
 * Read-only AWS probes for `gdpr-bot doctor`: who the bot is, whether it can assume its roles, what IAM
 * says its policies allow, and whether the findings services are on. Diagnostics only: nothing here
 * feeds a check result, and nothing changes AWS (an assumed role's credentials are dropped at once).
 */
import { GuardDutyClient, paginateListDetectors } from '@aws-sdk/client-guardduty';
import { IAMClient, paginateSimulatePrincipalPolicy } from '@aws-sdk/client-iam';
import { GetMacieSessionCommand, Macie2Client } from '@aws-sdk/client-macie2';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsClients } from './clients.js';
import { CallErrorKind, toCallError, type CallError } from './collectors/context.js';
import { MACIE_NOT_ENABLED } from './collectors/macie.js';

/** The outcome of one probe: its value, or the AWS error that prevented it (which call, code, message). */
export type Probe<T> = { ok: true; value: T } | { ok: false; error: CallError };

async function probe<T>(call: string, run: () => Promise<T>): Promise<Probe<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    return { ok: false, error: toCallError(call, error) };
  }
}

/** The bot's AWS identity (`sts:GetCallerIdentity`). */
export function callerIdentity(clients: AwsClients): Promise<Probe<{ account: string; arn: string }>> {
  return probe('sts:GetCallerIdentity', async () => {
    const out = await clients.get(STSClient).send(new GetCallerIdentityCommand({}));
    return { account: out.Account ?? 'unknown', arn: out.Arn ?? 'unknown' };
  });
}

/**
 * Assumes `roleArn` once (the shortest session STS allows) to prove it can be; the credentials are not
 * kept. Returns the assumed role's session ARN.
 */
export function assumeRoleProbe(clients: AwsClients, roleArn: string, sessionName = 'gdpr-bot-doctor'): Promise<Probe<{ arn: string }>> {
  return probe('sts:AssumeRole', async () => {
    const out = await clients.get(STSClient).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName, DurationSeconds: 900 }));
    return { arn: out.AssumedRoleUser?.Arn ?? roleArn };
  });
}

/**
 * The IAM principal to simulate for a caller ARN: a user as it is, an assumed role as its role
 * (`arn:aws:sts::1:assumed-role/Name/session` → `arn:aws:iam::1:role/Name`; a role with a path is not
 * found that way and the simulation says so). `root` for the account's root user, which nothing limits.
 */
export function simulationPrincipal(callerArn: string): { arn: string } | { root: true } | { unsupported: string } {
  const m = /^arn:(aws[a-z-]*):(iam|sts)::(\d{12}):(.+)$/.exec(callerArn);
  if (!m) return { unsupported: callerArn };
  const [, partition, service, account, resource] = m as unknown as [string, string, string, string, string];
  if (service === 'iam' && resource === 'root') return { root: true };
  if (service === 'iam' && (resource.startsWith('user/') || resource.startsWith('role/'))) return { arn: callerArn };
  if (service === 'sts' && resource.startsWith('assumed-role/')) {
    const role = resource.split('/')[1];
    if (role) return { arn: `arn:${partition}:iam::${account}:role/${role}` };
  }
  return { unsupported: callerArn };
}

/** What IAM's policy simulator said about a list of actions. */
export interface SimulationOutcome {
  /** Actions whose decision was not `allowed` (implicit or explicit deny), sorted. */
  denied: string[];
  /** Actions simulated. */
  simulated: number;
}

/** Actions per SimulatePrincipalPolicy request (IAM takes lists of this size comfortably). */
const SIMULATE_BATCH = 50;

/**
 * `iam:SimulatePrincipalPolicy` of `actions` for `principalArn` (on `resourceArns`, default every
 * resource): the identity's own policies as IAM evaluates them. Resource policies, trust policies and
 * conditions on request context (tags, source IP) are not given to it, so an `allowed` here can still be
 * denied by those at run time, and a denial means the identity's own policies do not allow the action.
 */
export function simulatePermissions(
  clients: AwsClients,
  principalArn: string,
  actions: readonly string[],
  resourceArns?: readonly string[],
): Promise<Probe<SimulationOutcome>> {
  return probe('iam:SimulatePrincipalPolicy', async () => {
    const iam = clients.get(IAMClient);
    const denied = new Set<string>();
    let simulated = 0;
    for (let i = 0; i < actions.length; i += SIMULATE_BATCH) {
      const batch = actions.slice(i, i + SIMULATE_BATCH);
      const seen = new Set<string>();
      for await (const page of paginateSimulatePrincipalPolicy(
        { client: iam },
        { PolicySourceArn: principalArn, ActionNames: batch, ...(resourceArns ? { ResourceArns: [...resourceArns] } : {}) },
      )) {
        for (const result of page.EvaluationResults ?? []) {
          if (!result.EvalActionName) continue;
          seen.add(result.EvalActionName);
          if (result.EvalDecision !== 'allowed') denied.add(result.EvalActionName);
        }
      }
      // An action the simulator did not answer for is not known to be allowed.
      for (const action of batch) if (!seen.has(action)) denied.add(action);
      simulated += batch.length;
    }
    return { denied: [...denied].sort(), simulated };
  });
}

/** GuardDuty's detectors in `region` (`guardduty:ListDetectors`): none means GuardDuty is off there. */
export function guardDutyDetectors(clients: AwsClients, region: string): Promise<Probe<string[]>> {
  return probe('guardduty:ListDetectors', async () => {
    const ids: string[] = [];
    for await (const page of paginateListDetectors({ client: clients.get(GuardDutyClient, region) }, {})) ids.push(...(page.DetectorIds ?? []));
    return ids;
  });
}

/** Macie's status in `region` (`macie2:GetMacieSession`): `ENABLED`, `PAUSED`, or `null` when Macie is not enabled. */
export async function macieStatus(clients: AwsClients, region: string): Promise<Probe<string | null>> {
  const out = await probe(
    'macie2:GetMacieSession',
    async () => (await clients.get(Macie2Client, region).send(new GetMacieSessionCommand({}))).status ?? 'UNKNOWN',
  );
  // Macie answers AccessDeniedException "Macie is not enabled" when it is off: that is an answer, not a denial.
  if (!out.ok && out.error.kind === CallErrorKind.Denied && MACIE_NOT_ENABLED.test(out.error.message)) return { ok: true, value: null };
  return out;
}

/**
 * The findings queue's attributes (`sqs:GetQueueAttributes`): backlog, dead-letter queue and encryption
 * at rest, for `findings.delivery: eventbridge`. The SQS client is loaded only when that delivery is set.
 */
export function findingsQueueAttributes(clients: AwsClients, region: string, queueUrl: string): Promise<Probe<Record<string, string>>> {
  return probe('sqs:GetQueueAttributes', async () => {
    const { GetQueueAttributesCommand, SQSClient } = await import('@aws-sdk/client-sqs');
    const out = await clients.get(SQSClient, region).send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'RedrivePolicy', 'SqsManagedSseEnabled', 'KmsMasterKeyId'],
      }),
    );
    return out.Attributes ?? {};
  });
}
