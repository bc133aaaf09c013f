import { BatchGetAccountStatusCommand, Inspector2Client, type BatchGetAccountStatusCommandInput } from '@aws-sdk/client-inspector2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../src/aws/clients.js';
import { CollectContext, DEFAULT_SCAN_SETTINGS } from '../../src/aws/collectors/context.js';
import { inspectorCollector } from '../../src/aws/collectors/inspector.js';
import { scanTarget } from '../../src/checks/engine.js';
import { getCheck } from '../../src/checks/registry.js';

const inspector = mockClient(Inspector2Client);
afterEach(() => inspector.reset());

const ACCOUNT = '111122223333';
const REGIONS = ['eu-west-1', 'eu-central-1'];
const clients = () => new AwsClients({ defaultRegion: 'eu-west-1' });
const collect = (region: string) => inspectorCollector.collect(new CollectContext({ clients: clients(), accountId: ACCOUNT, region, regions: REGIONS }));
const enabled = { status: 'ENABLED' as const };

describe('the Inspector collector', () => {
  it('asks for this account in every region and reads its own entry, keeping missing states missing', async () => {
    const sent: string[] = [];
    inspector.on(BatchGetAccountStatusCommand).callsFake(async (input: BatchGetAccountStatusCommandInput, getClient) => {
      sent.push(`${await getClient().config.region()} ${JSON.stringify(input.accountIds)}`);
      return {
        accounts: [
          { accountId: '999999999999', state: enabled, resourceState: { ec2: enabled, ecr: enabled } },
          { accountId: ACCOUNT, state: { status: 'SUSPENDED' }, resourceState: { ec2: { status: 'SUSPENDING' }, lambda: enabled } },
        ],
        failedAccounts: [],
      };
    });
    for (const region of REGIONS)
      expect(await collect(region)).toEqual({ status: { ok: true, value: { overall: 'SUSPENDED', ec2: 'SUSPENDING', lambda: 'ENABLED' } } });
    expect(sent).toEqual(REGIONS.map((r) => `${r} ["${ACCOUNT}"]`));
  });

  it('turns a failedAccounts entry for this account into a failed read, and the check into an error (not "disabled")', async () => {
    inspector.on(BatchGetAccountStatusCommand).resolves({
      accounts: [],
      failedAccounts: [{ accountId: ACCOUNT, status: 'DISABLED', errorCode: 'ACCESS_DENIED', errorMessage: 'Caller is not authorized to read this account' }],
    });
    expect(await collect('eu-west-1')).toEqual({
      status: {
        ok: false,
        error: { call: 'inspector2:BatchGetAccountStatus', kind: 'denied', code: 'ACCESS_DENIED', message: 'Caller is not authorized to read this account' },
      },
    });
    const { results } = await scanTarget({
      clients: clients(),
      accountId: ACCOUNT,
      region: 'eu-west-1',
      home: true,
      regions: ['eu-west-1'],
      settings: DEFAULT_SCAN_SETTINGS,
      checks: [getCheck('inspector_enabled')!],
    });
    expect(results).toEqual([
      expect.objectContaining({ status: 'error', message: expect.stringContaining('ACCESS_DENIED on inspector2:BatchGetAccountStatus') }),
    ]);
  });

  it('treats an answer without this account as a failed read', async () => {
    inspector.on(BatchGetAccountStatusCommand).resolves({ accounts: [], failedAccounts: [] });
    expect(await collect('eu-west-1')).toMatchObject({ status: { ok: false, error: { call: 'inspector2:BatchGetAccountStatus', code: 'AccountMissing' } } });
  });
});
