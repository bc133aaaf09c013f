import type { AwsClients } from '../aws/clients.js';
import type { RemediationTarget } from './types.js';

/** Raised when a fix would run in another account than the one its target is in. */
export class WrongAccountError extends Error {
  override name = 'WrongAccountError';
}

/**
 * A fix whose target names an account but no role runs with the bot's own credentials: make sure they
 * are that account's. A finding from an account the bot was not given a role for (for example a
 * GuardDuty administrator account's member findings) would otherwise be "fixed" in the wrong account.
 * `sts:GetCallerIdentity` needs no permission.
 */
export async function assertOwnAccount(aws: AwsClients, target: RemediationTarget): Promise<void> {
  if (!target.accountId || target.roleArn) return;
  const { GetCallerIdentityCommand, STSClient } = await import('@aws-sdk/client-sts');
  const identity = await aws.get(STSClient).send(new GetCallerIdentityCommand({}));
  if (identity.Account !== target.accountId) {
    throw new WrongAccountError(
      `the target is in account ${target.accountId}, but the bot's credentials are for account ${identity.Account ?? 'unknown'}; ` +
        `list ${target.accountId} with a role under findings.accounts (or scan.accounts) to fix it there`,
    );
  }
}
