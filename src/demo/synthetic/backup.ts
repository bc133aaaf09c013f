import { BackupClient, ListProtectedResourcesCommand } from '@aws-sdk/client-backup';
import { page, type SyntheticCall, type SyntheticService } from './service.js';

/**
 * AWS Backup: a daily plan protects the PostgreSQL instance and the Aurora cluster (misconfigured: the
 * instance was never assigned to it; only its automated backups exist).
 */
export const backup: SyntheticService = ({ mock, count, accountId, misconfigured: bad, pageSize, daysAgo }) => {
  mock(BackupClient)
    .on(ListProtectedResourcesCommand)
    .callsFake(async (input: { NextToken?: string }, call: SyntheticCall) => {
      count('backup:ListProtectedResources');
      const region = await call.region();
      const vault = `arn:aws:backup:${region}:${accountId}:backup-vault:Default`;
      const resources = [
        ...(bad ? [] : [{ ResourceArn: `arn:aws:rds:${region}:${accountId}:db:orders`, ResourceType: 'RDS', ResourceName: 'orders' }]),
        { ResourceArn: `arn:aws:rds:${region}:${accountId}:cluster:crm`, ResourceType: 'Aurora', ResourceName: 'crm' },
      ].map((r) => ({ ...r, LastBackupTime: new Date(daysAgo(1)), LastBackupVaultArn: vault }));
      const p = page(resources, input.NextToken, pageSize);
      return { Results: p.items, NextToken: p.next };
    });
};
