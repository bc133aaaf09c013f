import { BackupClient, paginateListProtectedResources } from '@aws-sdk/client-backup';
import type { Read } from './context.js';
import type { Collector } from './types.js';

/** A resource AWS Backup has at least one recovery point of, as ListProtectedResources lists it. */
export interface ProtectedResource {
  arn: string;
  /** `RDS`, `Aurora`, `DynamoDB`, `EBS`, `EC2`, `EFS`, … */
  type: string;
  /** `LastBackupTime` (ISO): the newest recovery point AWS Backup made of it. */
  lastBackup?: string;
}

export interface BackupData {
  /** Every protected resource of the region (ListProtectedResources, every page). */
  protectedResources: Read<ProtectedResource[]>;
}

/** Resources per ListProtectedResources page (`MaxResults` 1 to 1000). */
const PAGE = 1000;

/** AWS Backup (regional): the resources it has backed up, with the time of each one's newest backup. */
export const backupCollector: Collector<BackupData> = {
  id: 'backup',
  scope: 'region',
  async collect(ctx) {
    const backup = ctx.clients.get(BackupClient, ctx.region);
    const protectedResources = await ctx.read(async () =>
      ctx.pages('backup:ListProtectedResources', paginateListProtectedResources({ client: backup, pageSize: PAGE }, {}), (p) =>
        p.Results?.map((r): ProtectedResource => ({
          arn: r.ResourceArn ?? '',
          type: r.ResourceType ?? '',
          ...(r.LastBackupTime ? { lastBackup: new Date(r.LastBackupTime).toISOString() } : {}),
        })),
      ),
    );
    return { protectedResources };
  },
};
