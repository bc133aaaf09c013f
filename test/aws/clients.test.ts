import { EC2Client } from '@aws-sdk/client-ec2';
import { S3Client } from '@aws-sdk/client-s3';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
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

  it('gives up on an endpoint that accepts the request and never answers, instead of waiting for ever', async () => {
    const sockets = new Set<import('node:net').Socket>();
    const silent = createServer(() => undefined); // reads the request, never answers
    silent.on('connection', (socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const aws = new AwsClients(
        { defaultRegion: 'eu-west-1', endpoint: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`, maxAttempts: 1, requestTimeoutMs: 200 },
        {},
        async () => ({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'test-secret-EXAMPLE' }),
      );
      await expect(aws.get(STSClient).send(new GetCallerIdentityCommand({}))).rejects.toThrow(/timeout|timed out/i);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
