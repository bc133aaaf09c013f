import { describe, expect, it } from 'vitest';
import { CollectContext, CALLS_PER_TURN } from '../../src/aws/collectors/context.js';
import type { S3Bucket } from '../../src/aws/collectors/s3.js';
import type { Snapshot } from '../../src/aws/snapshot.js';
import { BUCKETS_PER_TURN, evaluateChecks } from '../../src/checks/engine.js';
import { getCheck } from '../../src/checks/registry.js';
import type { Check } from '../../src/checks/types.js';
import { ACCOUNT, ok, snapshotWith } from './fixtures.js';
import { perTurn, withTicker } from '../helpers/turns.js';

/** A snapshot of the compliant account with `n` buckets, every other one without default encryption. */
function manyBuckets(n: number): Snapshot {
  return snapshotWith((s) => {
    const template = (s.data.s3!.buckets as { ok: true; value: S3Bucket[] }).value[0]!;
    const buckets = Array.from({ length: n }, (_, i): S3Bucket => ({
      ...template,
      name: `bucket-${i}`,
      arn: `arn:aws:s3:::bucket-${i}`,
      encryption: ok(i % 2 === 0 ? 'aws:kms' : null),
    }));
    s.data.s3 = { ...s.data.s3!, buckets: ok(buckets) };
    s.settings = { ...s.settings, allowedRegions: ['eu-west-1'] };
  });
}

/** The check, with every bucket it judges noted with the event-loop turn it was judged in. */
function observed(id: string, ticks: () => number, turnOf: number[]): Check {
  const check = getCheck(id)!;
  return {
    ...check,
    evaluate(s) {
      const b = s.data.s3?.buckets;
      if (b?.ok) for (let i = 0; i < b.value.length; i++) turnOf.push(ticks());
      return check.evaluate(s);
    },
  };
}

describe('the engine hands the event loop a turn inside one check (issue #19)', () => {
  const PER_BUCKET = ['s3_bucket_default_encryption', 's3_bucket_public_access_blocked', 's3_bucket_region_allowed', 's3_bucket_tls_only'];

  it(`judges at most ${BUCKETS_PER_TURN} buckets of a 3,000-bucket account between two turns, with the same results as in one piece`, async () => {
    const snapshot = manyBuckets(3000);
    for (const id of PER_BUCKET) {
      const turnOf: number[] = [];
      const results = await withTicker((ticks) => evaluateChecks(snapshot, [observed(id, ticks, turnOf)]));
      expect(turnOf).toHaveLength(3000);
      const turns = perTurn(turnOf);
      expect(turns.max, id).toBeLessThanOrEqual(BUCKETS_PER_TURN);
      expect(turns.turns, id).toBeGreaterThanOrEqual(3000 / BUCKETS_PER_TURN);
      // Sliced or not, a user sees the same findings: one per bucket, in order.
      const whole = getCheck(id)!.evaluate(snapshot);
      expect(
        results.map(({ status, resource, message }) => ({ status, resource, message })),
        id,
      ).toEqual(whole);
    }
  });

  it('a finding about the account as a whole comes once, not once per slice', async () => {
    const snapshot = manyBuckets(1000);
    snapshot.settings = { ...snapshot.settings, allowedRegions: undefined };
    const results = await evaluateChecks(snapshot, [getCheck('s3_bucket_region_allowed')!]);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ status: 'error', resource: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT });
    expect(results[0]!.message).toMatch(/no scan\.allowedRegions is configured/);
  });

  it('Macie-in-bucket-regions stays one result per region over 20,000 buckets', async () => {
    const snapshot = manyBuckets(20_000);
    const results = await evaluateChecks(snapshot, [getCheck('macie_enabled_in_bucket_regions')!]);
    expect(results.map((r) => [r.resource, r.status])).toEqual([[`${ACCOUNT}/eu-west-1`, 'pass']]);
    expect(results[0]!.message).toMatch(/holds 20000 bucket\(s\) \(bucket-0, bucket-1, bucket-2, …\)/);
  });

  it(`a collector's requests answered at once still let the loop turn every ${CALLS_PER_TURN} requests`, async () => {
    const ctx = new CollectContext({ clients: {} as never, accountId: ACCOUNT, region: 'eu-west-1', regions: ['eu-west-1'] });
    const turnOf: number[] = [];
    await withTicker(async (ticks) => {
      // 8 in flight (the default limit), every answer already resolved: microtasks only.
      await Promise.all(Array.from({ length: 2000 }, () => ctx.call('s3:GetBucketAcl', async () => turnOf.push(ticks()))));
    });
    const perTurn = new Map<number, number>();
    for (const t of turnOf) perTurn.set(t, (perTurn.get(t) ?? 0) + 1);
    expect(turnOf).toHaveLength(2000);
    expect(Math.max(...perTurn.values())).toBeLessThanOrEqual(CALLS_PER_TURN * 8);
    expect(perTurn.size).toBeGreaterThanOrEqual(2000 / (CALLS_PER_TURN * 8));
  });
});
