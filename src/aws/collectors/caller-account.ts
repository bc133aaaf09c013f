import type { AwsClients } from '../clients.js';

/** The account id of the credentials in use (STS GetCallerIdentity), or `undefined` when STS does not answer. */
export async function collectCallerAccount(aws: AwsClients): Promise<string | undefined> {
  const { GetCallerIdentityCommand, STSClient } = await import('@aws-sdk/client-sts');
  try {
    return (await aws.get(STSClient).send(new GetCallerIdentityCommand({}))).Account;
  } catch {
    return undefined; // the caller falls back to "this account"; the failure itself is not a finding
  }
}
