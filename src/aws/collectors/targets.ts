import { OrganizationsClient, paginateListAccounts } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsClients } from '../clients.js';

/** An account to scan: the bot's own (no role) or a member reached through `roleArn`. */
export interface ScanAccount {
  accountId: string;
  roleArn?: string;
}

export interface TargetOptions {
  accounts: readonly { id: string; roleArn: string }[];
  organization: boolean;
  organizationRole: string;
}

/**
 * The accounts a scan covers: the bot's own account, the configured member accounts and, with
 * `organization`, every active account of the organisation (through `organizationRole`). The bot's own
 * account comes first (scan metadata keeps this order; the fix resolver relies on it).
 */
export async function resolveAccounts(clients: AwsClients, options: TargetOptions): Promise<ScanAccount[]> {
  const identity = await clients.get(STSClient).send(new GetCallerIdentityCommand({}));
  const self = identity.Account ?? 'unknown';
  const byId = new Map<string, ScanAccount>([[self, { accountId: self }]]);
  for (const a of options.accounts) if (!byId.has(a.id)) byId.set(a.id, { accountId: a.id, roleArn: a.roleArn });
  if (options.organization) {
    const partition = identity.Arn?.split(':')[1] ?? 'aws';
    for await (const page of paginateListAccounts({ client: clients.get(OrganizationsClient) }, {})) {
      for (const account of page.Accounts ?? []) {
        if (!account.Id || account.Status !== 'ACTIVE' || byId.has(account.Id)) continue;
        byId.set(account.Id, { accountId: account.Id, roleArn: `arn:${partition}:iam::${account.Id}:role/${options.organizationRole}` });
      }
    }
  }
  return [...byId.values()];
}
