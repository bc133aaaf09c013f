/**
 * What one call of the real AWS SDK costs in CPU on the caller's side: serialising the request, signing it
 * (SigV4), the HTTP round trip over loopback and parsing the answer. The synthetic AWS's middleware skips
 * all of that, so the benchmark charges it per call as a busy loop (`--aws-cpu-us`); its default is the
 * figure this measures (written down in the README).
 *
 * Real clients (S3: REST + XML, KMS: JSON 1.1, EC2: EC2 query, IAM: AWS query; the four protocols the
 * scan uses) against a loopback HTTP stand-in in a process of its own (so its CPU is not counted), static
 * credentials, no retries, 8 calls in flight. CPU is this process's user + system time (process.cpuUsage)
 * over the measured calls, after a warm-up.
 *
 *   node --import tsx bench/sdk-cpu.ts [--calls=N]    prints a table and one JSON line
 */
import { execFile, spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { EC2Client, DescribeVolumesCommand } from '@aws-sdk/client-ec2';
import { GetAccountSummaryCommand, IAMClient } from '@aws-sdk/client-iam';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetBucketAclCommand, S3Client } from '@aws-sdk/client-s3';
import type { BenchSection } from './harness.js';

/** The loopback stand-in: canned answers shaped like each service's, chosen by protocol. Runs in a child. */
const STAND_IN = `
const http = require('node:http');
const S3 = '<?xml version="1.0" encoding="UTF-8"?><AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>abc123</ID><DisplayName>owner</DisplayName></Owner><AccessControlList><Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>abc123</ID></Grantee><Permission>FULL_CONTROL</Permission></Grant></AccessControlList></AccessControlPolicy>';
const KMS = JSON.stringify({ KeyMetadata: { AWSAccountId: '111122223333', KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab', Arn: 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab', CreationDate: 1.7e9, Enabled: true, KeyState: 'Enabled', KeyManager: 'CUSTOMER', KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT', Origin: 'AWS_KMS', MultiRegion: false, EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'] } });
const EC2 = '<?xml version="1.0" encoding="UTF-8"?><DescribeVolumesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r-1</requestId><volumeSet><item><volumeId>vol-0123456789abcdef0</volumeId><size>8</size><availabilityZone>eu-west-1a</availabilityZone><status>in-use</status><createTime>2026-01-01T00:00:00.000Z</createTime><volumeType>gp3</volumeType><encrypted>true</encrypted><kmsKeyId>arn:aws:kms:eu-west-1:111122223333:key/k</kmsKeyId></item><item><volumeId>vol-0123456789abcdef1</volumeId><size>8</size><availabilityZone>eu-west-1b</availabilityZone><status>available</status><createTime>2026-01-01T00:00:00.000Z</createTime><volumeType>gp3</volumeType><encrypted>false</encrypted></item></volumeSet></DescribeVolumesResponse>';
const IAM = '<GetAccountSummaryResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetAccountSummaryResult><SummaryMap><entry><key>Users</key><value>500</value></entry><entry><key>AccountMFAEnabled</key><value>1</value></entry><entry><key>AccountAccessKeysPresent</key><value>0</value></entry><entry><key>Roles</key><value>40</value></entry></SummaryMap></GetAccountSummaryResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></GetAccountSummaryResponse>';
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString();
    const target = String(req.headers['x-amz-target'] || '');
    let type = 'application/xml', out = S3;
    if (target.startsWith('TrentService.')) { type = 'application/x-amz-json-1.1'; out = KMS; }
    else if (body.includes('Action=DescribeVolumes')) out = EC2;
    else if (body.includes('Action=GetAccountSummary')) out = IAM;
    res.writeHead(200, { 'content-type': type, 'x-amzn-requestid': 'r-1' });
    res.end(out);
  });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => process.stdout.write('LISTENING ' + server.address().port + '\\n'));
`;

export interface SdkCpuMeasurement {
  callsPerService: number;
  /** CPU µs per call, per service (protocol). */
  perService: Record<string, number>;
  /** The mean over the four: the default of `--aws-cpu-us`. */
  meanUs: number;
}

async function startStandIn(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ['-e', STAND_IN], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /LISTENING (\d+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`stand-in exited (${code})`)));
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}

/** Measures the real SDK's CPU per call against a loopback stand-in. */
export async function measureSdkCpu(calls = 2000): Promise<SdkCpuMeasurement> {
  const standIn = await startStandIn();
  try {
    const common = {
      region: 'eu-west-1',
      endpoint: standIn.url,
      credentials: { accessKeyId: 'AKIDBENCHEXAMPLE', secretAccessKey: 'bench-secret-not-a-real-key' },
      maxAttempts: 1,
    };
    const s3 = new S3Client({ ...common, forcePathStyle: true });
    const kms = new KMSClient(common);
    const ec2 = new EC2Client(common);
    const iam = new IAMClient(common);
    const services: [string, (i: number) => Promise<unknown>][] = [
      ['s3 GetBucketAcl (REST-XML)', (i) => s3.send(new GetBucketAclCommand({ Bucket: `bucket-${i % 1000}` }))],
      ['kms DescribeKey (JSON 1.1)', (i) => kms.send(new DescribeKeyCommand({ KeyId: `key-${i % 1000}` }))],
      ['ec2 DescribeVolumes (EC2 query)', () => ec2.send(new DescribeVolumesCommand({ MaxResults: 500 }))],
      ['iam GetAccountSummary (AWS query)', () => iam.send(new GetAccountSummaryCommand({}))],
    ];
    const perService: Record<string, number> = {};
    for (const [name, call] of services) {
      const run = async (n: number) => {
        let next = 0;
        await Promise.all(
          Array.from({ length: 8 }, async () => {
            while (next < n) await call(next++);
          }),
        );
      };
      await run(Math.min(500, calls)); // warm-up: JIT, connection pool, credential and endpoint caches
      const before = process.cpuUsage();
      await run(calls);
      const used = process.cpuUsage(before);
      perService[name] = Math.round((used.user + used.system) / calls);
    }
    for (const c of [s3, kms, ec2, iam]) c.destroy();
    const values = Object.values(perService);
    return { callsPerService: calls, perService, meanUs: Math.round(values.reduce((a, b) => a + b, 0) / values.length) };
  } finally {
    standIn.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const calls = Number(process.argv.find((a) => a.startsWith('--calls='))?.slice('--calls='.length) ?? 2000);
  measureSdkCpu(calls).then(
    (m) => {
      for (const [name, us] of Object.entries(m.perService)) console.log(`${name.padEnd(36)} ${String(us).padStart(5)} µs CPU per call`);
      console.log(`${'mean (default of --aws-cpu-us)'.padEnd(36)} ${String(m.meanUs).padStart(5)} µs`);
      console.log(JSON.stringify(m));
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}

/** The measurement as a bench section (in a process of its own, so the bench's own CPU is not in it). */
export const sdkCpuSection: BenchSection = {
  id: 'sdk-cpu',
  title: 'Real AWS SDK CPU per call (real clients against a loopback stand-in; the default of --aws-cpu-us)',
  usesBot: false,
  async run(ctx) {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), `--calls=${ctx.quick ? 500 : 2000}`], {
      maxBuffer: 1 << 20,
    });
    const m = JSON.parse(stdout.trim().split('\n').pop() ?? '') as SdkCpuMeasurement;
    return {
      rows: Object.entries(m.perService).map(([call, us]) => ({ call, 'CPU µs/call': us })),
      data: m,
      notes: [
        `Mean ${m.meanUs} µs per call over ${m.callsPerService} calls of each (after a warm-up), 8 in flight: the caller's user + system CPU (process.cpuUsage), the stand-in in another process.`,
        `This run charges ${ctx.awsCost.cpuUs} µs and ${ctx.awsCost.latencyMs} ms per synthetic call (--aws-cpu-us, --aws-latency-ms).`,
      ],
    };
  },
};
