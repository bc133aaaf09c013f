import { EC2Client } from '@aws-sdk/client-ec2';
import { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { AwsClients } from '../../src/aws/clients.js';

describe('the AWS client seam', () => {
  it('applies the region, the emulator endpoint and adaptive retries, and reuses clients', async () => {
    const aws = new AwsClients({ defaultRegion: 'eu-west-1', endpoint: 'http://127.0.0.1:4566', maxAttempts: 3 });
    const ec2 = aws.get(EC2Client, 'eu-central-1');
    expect(await ec2.config.region()).toBe('eu-central-1');
    expect(await ec2.config.retryStrategy()).toMatchObject({ mode: 'adaptive' });
    const endpoint = await ec2.config.endpoint!();
    expect(`${endpoint.protocol}//${endpoint.hostname}:${endpoint.port}`).toBe('http://127.0.0.1:4566');
    expect(aws.get(EC2Client, 'eu-central-1')).toBe(ec2);
    expect(await aws.get(EC2Client).config.region()).toBe('eu-west-1');
  });

  it('lets S3 follow region redirects, since a bucket is often named without its region', () => {
    const s3 = new AwsClients({ defaultRegion: 'eu-west-1' }).get(S3Client);
    expect(s3.config.followRegionRedirects).toBe(true);
  });
});
