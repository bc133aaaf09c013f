import { BackupClient, ListProtectedResourcesCommand } from '@aws-sdk/client-backup';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { backupCollector } from '../../src/aws/collectors/backup.js';
import { collectIn, pageOf, regionOf } from '../helpers/collect-in.js';
import { mockSyntheticAccount, scanSynthetic, SYNTHETIC_ACCOUNT_ID } from '../helpers/synthetic-aws.js';

const backup = mockClient(BackupClient);
let restore: (() => void) | undefined;
afterEach(() => {
  backup.reset();
  restore?.();
  restore = undefined;
});

describe('the AWS Backup collector', () => {
  it('reads every page of protected resources in each region it runs for, 1000 a page', async () => {
    const log: string[] = [];
    const results = [
      { ResourceArn: 'arn:aws:rds:eu-west-1:123456789012:db:orders', ResourceType: 'RDS', LastBackupTime: new Date('2026-05-31T03:00:00Z') },
      { ResourceArn: 'arn:aws:rds:eu-west-1:123456789012:cluster:crm', ResourceType: 'Aurora', LastBackupTime: new Date('2026-05-30T03:00:00Z') },
      { ResourceArn: 'arn:aws:dynamodb:eu-west-1:123456789012:table/orders', ResourceType: 'DynamoDB' },
    ];
    backup.on(ListProtectedResourcesCommand).callsFake(async (input: { NextToken?: string; MaxResults?: number }, getClient) => {
      log.push(`${await regionOf(getClient)} max=${input.MaxResults} token=${input.NextToken ?? '-'}`);
      const p = pageOf(results, input.NextToken, 2);
      return { Results: p.items, NextToken: p.next };
    });
    for (const region of ['eu-west-1', 'eu-north-1']) {
      const { data, calls } = await collectIn(backupCollector, region);
      expect(calls).toEqual(['backup:ListProtectedResources', 'backup:ListProtectedResources']);
      expect(data.protectedResources).toEqual({
        ok: true,
        value: [
          { arn: 'arn:aws:rds:eu-west-1:123456789012:db:orders', type: 'RDS', lastBackup: '2026-05-31T03:00:00.000Z' },
          { arn: 'arn:aws:rds:eu-west-1:123456789012:cluster:crm', type: 'Aurora', lastBackup: '2026-05-30T03:00:00.000Z' },
          { arn: 'arn:aws:dynamodb:eu-west-1:123456789012:table/orders', type: 'DynamoDB' },
        ],
      });
    }
    expect(log).toEqual(['eu-west-1 max=1000 token=-', 'eu-west-1 max=1000 token=t2', 'eu-north-1 max=1000 token=-', 'eu-north-1 max=1000 token=t2']);
  });

  it('records a denied ListProtectedResources as a failed read', async () => {
    backup
      .on(ListProtectedResourcesCommand)
      .rejects(Object.assign(new Error('User is not authorized to perform: backup:ListProtectedResources'), { name: 'AccessDeniedException' }));
    const { data } = await collectIn(backupCollector, 'eu-west-1');
    expect(data.protectedResources).toMatchObject({
      ok: false,
      error: { call: 'backup:ListProtectedResources', kind: 'denied', code: 'AccessDeniedException' },
    });
  });
});

describe('rds_instance_in_backup_plan against the synthetic account', () => {
  const run = async (misconfigured: boolean, deny = false) => {
    const m = mockSyntheticAccount({ misconfigured, pageSize: 1 });
    restore = m.restore;
    if (deny)
      m.stub(BackupClient)
        .on(ListProtectedResourcesCommand)
        .callsFake(() => Promise.reject(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' })));
    const results = await scanSynthetic(['rds_instance_in_backup_plan']);
    return {
      results: results.map((r) => `${r.status} ${r.resource.split(':').slice(-2).join(':')}`).sort(),
      messages: results.map((r) => r.message),
      counter: m.counter,
    };
  };

  it('passes the protected instance and cluster, and leaves the cluster member to its cluster', async () => {
    const { results, counter } = await run(false);
    expect(results).toEqual(['not_applicable db:crm-1', 'pass cluster:crm', 'pass db:orders']);
    expect(counter.byCommand.get('backup:ListProtectedResources')).toBe(2);
  });

  it("fails the misconfigured account's instance, which has automated backups but no AWS Backup plan", async () => {
    const { results, messages } = await run(true);
    expect(results).toEqual(['fail db:orders', 'not_applicable db:crm-1', 'pass cluster:crm']);
    expect(messages.find((x) => x.includes('orders'))).toContain('not protected by AWS Backup');
  });

  it('says error, never pass, when ListProtectedResources is denied', async () => {
    const { results, messages } = await run(false, true);
    expect(results).toEqual([`error ${SYNTHETIC_ACCOUNT_ID}/eu-west-1`]);
    expect(messages[0]).toContain('AccessDeniedException on backup:ListProtectedResources');
  });
});
