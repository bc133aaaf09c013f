import { EFSClient, paginateDescribeFileSystems } from '@aws-sdk/client-efs';
import type { Read } from './context.js';
import type { Collector } from './types.js';

/** An EFS file system. */
export interface EfsFileSystem {
  id: string;
  arn: string;
  /** `Encrypted` as DescribeFileSystems reports it (missing reads as not encrypted). */
  encrypted: boolean;
  /** `LifeCycleState`: `creating`, `available`, `updating`, `deleting`, `deleted` or `error`. */
  state: string;
}

export interface EfsData {
  fileSystems: Read<EfsFileSystem[]>;
}

/** File systems per DescribeFileSystems page (`MaxItems`; AWS caps a page at 100). */
const PAGE = 100;

/** EFS (regional): every file system (every page of DescribeFileSystems). */
export const efsCollector: Collector<EfsData> = {
  id: 'efs',
  scope: 'region',
  async collect(ctx) {
    const efs = ctx.clients.get(EFSClient, ctx.region);
    const fileSystems = await ctx.read(async () =>
      ctx.pages('elasticfilesystem:DescribeFileSystems', paginateDescribeFileSystems({ client: efs, pageSize: PAGE }, {}), (p) =>
        p.FileSystems?.map((f): EfsFileSystem => ({
          id: f.FileSystemId ?? '',
          arn: f.FileSystemArn ?? `arn:aws:elasticfilesystem:${ctx.region}:${ctx.accountId}:file-system/${f.FileSystemId ?? ''}`,
          encrypted: f.Encrypted === true,
          state: f.LifeCycleState ?? 'unknown',
        })),
      ),
    );
    return { fileSystems };
  },
};
