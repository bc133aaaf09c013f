import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDataMap } from '../../../src/checks/datamap.js';
import { ResultStore } from '../../../src/checks/store.js';
import { DataMapStore } from '../../../src/datamap/store.js';
import { decodeFixValue } from '../../../src/checks/messages.js';
import { snapshotWith } from '../../checks/fixtures.js';
import { startTestBot, type TestBot } from '../../helpers/bot.js';

describe('/gdpr data', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('with no data map yet, says so and never that there is no personal data', async () => {
    const reply = await t.ask('data');
    expect(reply.response_type).toBe('ephemeral');
    const text = JSON.stringify(reply);
    expect(text).toContain('No data map yet');
    expect(text).toContain('This does not mean that no personal data is stored');
    expect(text).not.toMatch(/no bucket|0 bucket/i);
  });

  it('lists the buckets holding personal data with categories, location, encryption, exposure and data events; a region without Macie gets the Enable Macie fix; AWS text is escaped', async () => {
    const map = buildDataMap(
      snapshotWith((s) => {
        s.regions = ['eu-west-1', 'eu-central-1'];
        s.data.macieprofiles!.byRegion['eu-central-1'] = {
          session: { ok: true, value: null },
          automatedDiscovery: { ok: true, value: null },
          buckets: { ok: true, value: null },
          belowThreshold: 0,
          unanalysed: [],
        };
        const b = (s.data.macieprofiles!.byRegion['eu-west-1']!.buckets as { ok: true; value: { detections?: unknown }[] }).value[0]!;
        b.detections = {
          ok: false,
          error: { call: 'macie2:ListResourceProfileDetections', kind: 'denied', code: 'AccessDeniedException', message: 'denied <!channel> by policy' },
        };
      }),
    )!;
    await new DataMapStore(t.bot.services.redis, t.bot.services.keys).save('scan-20261202-abcd1234', map);
    const reply = await t.ask('data');
    const text = JSON.stringify(reply);
    expect(reply.text).toBe('Personal data map: 1 bucket(s) hold personal data; 1 region(s) not known (Macie off or unreadable).');
    expect(text).toContain('`customer-data`');
    expect(text).toContain('eu-west-1: inside the allowed regions');
    expect(text).toContain('SSE-KMS');
    expect(text).toContain('could not be read');
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).toContain('Macie is not enabled in eu-central-1');
    const blocks = reply.blocks as { accessory?: { action_id: string; value: string; text: { text: string } } }[];
    const fix = blocks.map((b) => b.accessory).find((a) => a?.text.text === 'Enable Macie')!;
    expect(fix.action_id).toBe('remediation_fix');
    expect(decodeFixValue(fix.value)).toEqual({
      checkId: 'macie_enabled',
      accountId: '123456789012',
      region: 'eu-central-1',
      resource: '123456789012/eu-central-1',
    });
    expect(blocks.length).toBeLessThanOrEqual(50);
  });

  it('/gdpr status (reading the stored data map) marks the failure on the personal-data bucket and lists it first', async () => {
    await new ResultStore(t.bot.services.redis, t.bot.services.keys).saveResults('scan-20261202-abcd1234', '2026-12-02T06:00:00Z', [
      {
        checkId: 's3_bucket_public_access_blocked',
        accountId: '123456789012',
        region: 'global',
        status: 'fail',
        resource: 'arn:aws:s3:::build-logs',
        message: 'Bucket build-logs is public.',
      },
      {
        checkId: 's3_bucket_tls_only',
        accountId: '123456789012',
        region: 'global',
        status: 'fail',
        resource: 'arn:aws:s3:::customer-data',
        message: 'Bucket customer-data accepts plain HTTP.',
      },
    ]);
    const text = JSON.stringify(await t.ask('status'));
    expect(text).toContain('1 on resources holding personal data, listed first');
    expect(text.indexOf('customer-data accepts plain HTTP')).toBeLessThan(text.indexOf('build-logs is public'));
  });
});
