import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GuardDutyClient, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import { GetPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { S3Client } from '@aws-sdk/client-s3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { AwsClients } from '../../src/aws/clients.js';

/** Sets environment variables for one test, the way an operator would, and puts the old values back. */
async function withEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const before = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(before)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** A loopback stand-in for STS: answers GetCallerIdentity and AssumeRole, and remembers what it was asked. */
async function fakeSts(): Promise<{ url: string; seen: string[]; close: () => Promise<void> }> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const action = new URLSearchParams(body).get('Action') ?? '';
      seen.push(action);
      res.writeHead(200, { 'content-type': 'text/xml' });
      if (action === 'AssumeRole') {
        const expires = new Date(Date.now() + 3600_000).toISOString();
        res.end(
          `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>ASIAEXAMPLEEXAMPLE00</AccessKeyId><SecretAccessKey>test-secret-EXAMPLE</SecretAccessKey><SessionToken>test-token-EXAMPLE</SessionToken><Expiration>${expires}</Expiration></Credentials><AssumedRoleUser><Arn>arn:aws:sts::222233334444:assumed-role/scanner/gdpr-bot-scan</Arn><AssumedRoleId>AROAEXAMPLE:gdpr-bot-scan</AssumedRoleId></AssumedRoleUser></AssumeRoleResult></AssumeRoleResponse>`,
        );
        return;
      }
      res.end(
        `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Account>${seen.includes('AssumeRole') ? '222233334444' : '111122223333'}</Account><Arn>arn:aws:iam::111122223333:role/bot</Arn><UserId>AROAEXAMPLE</UserId></GetCallerIdentityResult></GetCallerIdentityResponse>`,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Variables that would override what a test sets up (an operator's emulator, profile or config file). */
const ENDPOINT_VARS = ['AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_S3_CONTROL', 'AWS_ENDPOINT_URL_GUARDDUTY', 'AWS_PROFILE', 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS'];

/**
 * Where a client made by the seam would send `command`: the URL the SDK resolved, read after its
 * endpoint resolution and before anything leaves the process.
 */
type Capturable = { send: (c: unknown) => Promise<unknown>; middlewareStack: { add: (m: unknown, o: unknown) => void } };
async function urlOf(sdkClient: object, command: object): Promise<string> {
  const client = sdkClient as Capturable;
  let url = '';
  client.middlewareStack.add(
    () => async (args: { request: { protocol: string; hostname: string; port?: number; path: string } }) => {
      const r = args.request;
      url = `${r.protocol}//${r.hostname}${r.port ? `:${r.port}` : ''}${r.path}`;
      throw new Error('resolved, not sent');
    },
    { step: 'build', name: 'captureUrl' },
  );
  await expect(client.send(command)).rejects.toThrow('resolved, not sent');
  return url;
}

const KEYS = async () => ({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'test-secret-EXAMPLE' });

describe('the AWS client seam', () => {
  it('applies the region and adaptive retries, and reuses clients', async () => {
    const aws = new AwsClients({ defaultRegion: 'eu-west-1', maxAttempts: 3 });
    const ec2 = aws.get(EC2Client, 'eu-central-1');
    expect(await ec2.config.region()).toBe('eu-central-1');
    expect(await ec2.config.retryStrategy()).toMatchObject({ mode: 'adaptive' });
    expect(aws.get(EC2Client, 'eu-central-1')).toBe(ec2);
    expect(await aws.get(EC2Client).config.region()).toBe('eu-west-1');
  });

  it("lets the SDK resolve a service's own endpoint variable (AWS_ENDPOINT_URL_STS), for the bot's calls and the role it assumes", async () => {
    const sts = await fakeSts();
    try {
      await withEnv({ AWS_ENDPOINT_URL_STS: sts.url }, async () => {
        const aws = new AwsClients({ defaultRegion: 'eu-west-1', maxAttempts: 1 }, {}, KEYS);
        expect((await aws.get(STSClient).send(new GetCallerIdentityCommand({}))).Account).toBe('111122223333');
        const member = aws.forAccount({ accountId: '222233334444', roleArn: 'arn:aws:iam::222233334444:role/scanner' });
        expect((await member.get(STSClient).send(new GetCallerIdentityCommand({}))).Account).toBe('222233334444');
      });
      expect(sts.seen).toEqual(['GetCallerIdentity', 'AssumeRole', 'GetCallerIdentity']);
    } finally {
      await sts.close();
    }
  });

  it('lets the SDK resolve AWS_ENDPOINT_URL for every service (an emulator such as LocalStack)', async () => {
    const sts = await fakeSts();
    try {
      await withEnv({ AWS_ENDPOINT_URL: sts.url }, async () => {
        const aws = new AwsClients({ defaultRegion: 'eu-west-1', maxAttempts: 1 }, {}, KEYS);
        expect((await aws.get(STSClient).send(new GetCallerIdentityCommand({}))).Account).toBe('111122223333');
      });
      expect(sts.seen).toEqual(['GetCallerIdentity']);
    } finally {
      await sts.close();
    }
  });

  it('lets the SDK resolve AWS_ENDPOINT_URL_S3_CONTROL and AWS_ENDPOINT_URL_GUARDDUTY, each for its own service only', async () => {
    const unset = Object.fromEntries(ENDPOINT_VARS.map((k) => [k, '']));
    await withEnv(
      { ...unset, AWS_ENDPOINT_URL_S3_CONTROL: 'http://localhost.localstack.cloud:4566', AWS_ENDPOINT_URL_GUARDDUTY: 'http://127.0.0.1:4567' },
      async () => {
        for (const k of ENDPOINT_VARS.filter((v) => !v.includes('_URL_'))) delete process.env[k];
        const aws = new AwsClients({ defaultRegion: 'eu-west-1', maxAttempts: 1 }, {}, KEYS);
        // S3 Control puts the account id in front of the host, as it does with AWS's own endpoint.
        expect(await urlOf(aws.get(S3ControlClient), new GetPublicAccessBlockCommand({ AccountId: '111122223333' }))).toBe(
          'http://111122223333.localhost.localstack.cloud:4566/v20180820/configuration/publicAccessBlock',
        );
        expect(await urlOf(aws.get(GuardDutyClient, 'eu-central-1'), new ListDetectorsCommand({}))).toBe('http://127.0.0.1:4567/detector');
        expect(await urlOf(aws.get(EC2Client), new DescribeRegionsCommand({}))).toBe('https://ec2.eu-west-1.amazonaws.com/');
      },
    );
  });

  it("lets the SDK resolve the config file's endpoint_url: the profile's for every service, a services section's for one", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gdpr-bot-aws-config-'));
    const file = join(dir, 'config');
    writeFileSync(
      file,
      '[default]\nendpoint_url = http://127.0.0.1:4566\nservices = emulator\n\n[services emulator]\nguardduty =\n  endpoint_url = http://127.0.0.1:4567\n',
    );
    try {
      await withEnv({ ...Object.fromEntries(ENDPOINT_VARS.map((k) => [k, ''])), AWS_CONFIG_FILE: file }, async () => {
        for (const k of ENDPOINT_VARS) delete process.env[k];
        const aws = new AwsClients({ defaultRegion: 'eu-west-1', maxAttempts: 1 }, {}, KEYS);
        expect(await urlOf(aws.get(EC2Client), new DescribeRegionsCommand({}))).toBe('http://127.0.0.1:4566/');
        expect(await urlOf(aws.get(GuardDutyClient), new ListDetectorsCommand({}))).toBe('http://127.0.0.1:4567/detector');
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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
      await withEnv({ AWS_ENDPOINT_URL_STS: `http://127.0.0.1:${(silent.address() as AddressInfo).port}` }, async () => {
        const aws = new AwsClients({ defaultRegion: 'eu-west-1', maxAttempts: 1, requestTimeoutMs: 200 }, {}, KEYS);
        await expect(aws.get(STSClient).send(new GetCallerIdentityCommand({}))).rejects.toThrow(/timeout|timed out/i);
      });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
