import { describe, expect, it } from 'vitest';
import { normalizeGuardDutyFinding } from '../../src/findings/normalize.js';
import { capFindings, decide, planPoll, toStored } from '../../src/findings/poll.js';
import { guardDutyBand } from '../../src/findings/severity.js';
import type { Finding, StoredFinding } from '../../src/findings/types.js';
import { findingMessage } from '../../src/findings/messages.js';
import { gdFinding } from '../helpers/aws-findings.js';

const finding = (n: number, over: Parameters<typeof gdFinding>[1] = {}): Finding => normalizeGuardDutyFinding(gdFinding(n, over), 'det-1');
const options = (threshold = 3) => ({
  routes: [],
  defaultChannel: 'C0FIND',
  digestThreshold: threshold,
  pollId: 'p1',
  scope: { source: 'guardduty' as const, account: 'self', region: 'eu-west-1' },
});

describe('severity bands', () => {
  it.each([
    [1, 'low'],
    [3.9, 'low'],
    [4, 'medium'],
    [6.9, 'medium'],
    [7, 'high'],
    [8.9, 'high'],
    [9, 'critical'],
    [10, 'critical'],
  ] as const)('GuardDuty %d → %s', (score, band) => expect(guardDutyBand(score)).toBe(band));
});

describe('decide (dedup by finding id)', () => {
  const prev = { updatedAt: '2026-01-01T00:00:10.000Z', count: 3 };
  it.each([
    ['never seen', undefined, { updatedAt: '2026-01-01T00:00:10.000Z', count: 3 }, 'new'],
    ['same version', prev, { updatedAt: '2026-01-01T00:00:10.000Z', count: 3 }, 'unchanged'],
    ['older version (eventual consistency)', prev, { updatedAt: '2026-01-01T00:00:05.000Z', count: 3 }, 'unchanged'],
    ['newer updatedAt', prev, { updatedAt: '2026-01-01T00:00:11.000Z', count: 3 }, 'update'],
    ['higher count', prev, { updatedAt: '2026-01-01T00:00:10.000Z', count: 4 }, 'update'],
  ] as const)('%s → %s', (_n, before, after, expected) => expect(decide(before, after)).toBe(expected));
});

describe('planPoll', () => {
  it('posts up to the threshold one by one, oldest first', () => {
    const items = planPoll([finding(3), finding(1), finding(2)], new Map(), options(3));
    expect(items.map((i) => i.messages[0]!.kind)).toEqual(['post', 'post', 'post']);
    expect(items.map((i) => i.finding!.id)).toEqual(['gd000001', 'gd000002', 'gd000003']);
    expect(items.every((i) => !('thread' in i.messages[0]!) || !i.messages[0]!.thread)).toBe(true);
  });

  it('above the threshold: one digest first, then every finding in its thread', () => {
    const items = planPoll(
      [1, 2, 3, 4].map((n) => finding(n)),
      new Map(),
      options(3),
    );
    expect(items).toHaveLength(5);
    const digest = items[0]!.messages[0]!;
    expect(digest).toMatchObject({ kind: 'post', channel: 'C0FIND', ref: 'digest:guardduty:self:eu-west-1:p1:C0FIND' });
    for (const item of items.slice(1))
      expect(item.messages[0]).toMatchObject({ kind: 'post', ref: `finding:${item.finding!.id}`, thread: { ref: digest.kind === 'post' ? digest.ref : '' } });
  });

  it('updates by ref, skips unchanged, and does not count either towards a digest', () => {
    const previous = new Map<string, StoredFinding>();
    previous.set('gd000001', toStored(finding(1), 'C0OLD', 'finding:gd000001'));
    previous.set('gd000002', toStored(finding(2), 'C0OLD', 'finding:gd000002'));
    const items = planPoll([finding(1, { Service: { Count: 5, Archived: false } }), finding(2), finding(3)], previous, options(1));
    expect(items.map((i) => i.decision)).toEqual(['update', 'unchanged', 'new']);
    expect(items[0]!.messages).toEqual([expect.objectContaining({ kind: 'update', channel: 'C0OLD', ref: 'finding:gd000001' })]);
    expect(items[1]!.messages).toEqual([]);
  });

  it('keeps one entry per finding id when a poll returns it twice', () => {
    const items = planPoll([finding(1), finding(1, { Service: { Count: 2, Archived: false } })], new Map(), options());
    expect(items).toHaveLength(1);
    expect(items[0]!.state!.count).toBe(2);
  });
});

describe('capFindings (findings.maxPerPoll)', () => {
  it('takes the oldest up to the max-th new or changed finding; unchanged ones before it come along, the rest waits', () => {
    const previous = new Map<string, StoredFinding>();
    previous.set('gd000001', toStored(finding(1), 'C0FIND', 'finding:gd000001'));
    previous.set('gd000003', toStored(finding(3), 'C0FIND', 'finding:gd000003'));
    const fetched = [finding(5), finding(4), finding(3, { Service: { Count: 2, Archived: false } }), finding(2), finding(1), finding(6)];
    const { take, deferred } = capFindings(fetched, previous, 3);
    // 1 unchanged, 2 new, 3 updated, 4 new (the third); 5 and 6 wait.
    expect(take.map((f) => f.id)).toEqual(['gd000001', 'gd000002', 'gd000003', 'gd000004']);
    expect(deferred).toBe(2);
    expect(capFindings(fetched, previous, 10)).toMatchObject({ deferred: 0 });
  });
});

describe('the finding message', () => {
  it('escapes attacker-controlled text and carries only the finding id in buttons', () => {
    const hostile = finding(1, {
      Title: 'Hi <!channel> <https://evil.example|click me> & more',
      Type: 'Policy:S3/BucketAnonymousAccessGranted',
      Resource: { ResourceType: 'S3Bucket', S3BucketDetails: [{ Name: 'bucket`<@U123>`', PublicAccess: { EffectivePermission: 'PUBLIC' } }] },
    });
    const message = findingMessage(toStored(hostile, 'C0FIND', 'finding:gd000001'));
    const json = JSON.stringify(message);
    expect(json).not.toContain('<!channel>');
    expect(json).not.toContain('<https://evil');
    expect(json).not.toContain('<@U123>');
    expect(json).toContain('&lt;!channel&gt;');
    const actions = message.blocks.find((b) => b.type === 'actions') as { elements: { action_id: string; value: string }[] };
    expect(actions.elements.map((e) => [e.action_id, e.value])).toEqual([
      ['finding_fix', 'gd000001'],
      ['finding_archive', 'gd000001'],
      ['finding_details', 'gd000001'],
      ['finding_breach', 'gd000001'],
    ]);
    expect(json).toContain('Medium (5)');
  });

  it('offers no Approve fix when no remediation applies', () => {
    const message = findingMessage(toStored(finding(2), 'C0FIND', 'finding:gd000002'));
    expect(JSON.stringify(message)).not.toContain('finding_fix');
  });
});
