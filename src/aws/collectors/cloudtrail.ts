import { CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import type { Read } from './context.js';
import type { Collector } from './types.js';

export interface Trail {
  name: string;
  arn: string;
  homeRegion: string;
  multiRegion: boolean;
  organizationTrail: boolean;
  logFileValidation: boolean;
  kmsKeyId?: string;
  s3BucketName?: string;
  cloudWatchLogsLogGroupArn?: string;
  isLogging: Read<boolean>;
}

export interface CloudTrailData {
  trails: Read<Trail[]>;
}

/** CloudTrail (account-wide): every trail visible from the home region, including multi-region ones, with its logging status. */
export const cloudtrailCollector: Collector<CloudTrailData> = {
  id: 'cloudtrail',
  scope: 'account',
  async collect(ctx) {
    const ct = ctx.clients.get(CloudTrailClient, ctx.region);
    const trails = await ctx.read(async () => {
      const out = await ctx.must('cloudtrail:DescribeTrails', () => ct.send(new DescribeTrailsCommand({ includeShadowTrails: true })));
      const unique = new Map((out.trailList ?? []).map((t) => [t.TrailARN ?? t.Name ?? '', t]));
      return Promise.all(
        [...unique.values()].map(async (t): Promise<Trail> => {
          const homeRegion = t.HomeRegion ?? ctx.region;
          const isLogging = await ctx.read(async () => {
            const client = ctx.clients.get(CloudTrailClient, homeRegion);
            const status = await ctx.must('cloudtrail:GetTrailStatus', () => client.send(new GetTrailStatusCommand({ Name: t.TrailARN ?? t.Name })));
            return status.IsLogging === true;
          });
          return {
            name: t.Name ?? '',
            arn: t.TrailARN ?? '',
            homeRegion,
            multiRegion: t.IsMultiRegionTrail === true,
            organizationTrail: t.IsOrganizationTrail === true,
            logFileValidation: t.LogFileValidationEnabled === true,
            kmsKeyId: t.KmsKeyId,
            s3BucketName: t.S3BucketName,
            cloudWatchLogsLogGroupArn: t.CloudWatchLogsLogGroupArn,
            isLogging,
          };
        }),
      );
    });
    return { trails };
  },
};
