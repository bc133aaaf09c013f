import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Approvers } from '../../src/access/approvers.js';
import { SlackTestServer } from '../helpers/slack-server.js';

describe('who may approve', () => {
  let slack: SlackTestServer;
  let client: WebClient;
  const rules = { users: ['U0000ALICE'], usergroups: ['S0000SECOPS'] };

  beforeAll(async () => {
    slack = await new SlackTestServer().start();
    client = new WebClient('xoxb-test-approvers', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
    slack.usergroups.set('S0000SECOPS', ['U0000BOB', 'U0000GUEST', 'U0000GONE']);
    slack.users.set('U0000GUEST', { id: 'U0000GUEST', is_restricted: true });
    slack.users.set('U0000GONE', { id: 'U0000GONE', deleted: true });
  });
  afterAll(async () => {
    await slack.close();
  });

  it('allows configured users and members of configured user groups', async () => {
    const approvers = new Approvers(client, 60_000);
    expect(await approvers.check('U0000ALICE', rules)).toEqual({ allowed: true, via: 'user' });
    expect(await approvers.check('U0000BOB', rules)).toEqual({ allowed: true, via: 'usergroup' });
  });

  it('refuses everyone else, guests, deactivated accounts and the requester', async () => {
    const approvers = new Approvers(client, 60_000);
    expect(await approvers.check('U0000EVE', rules)).toMatchObject({ allowed: false, reason: expect.stringContaining('not an approver') });
    expect(await approvers.check('U0000GUEST', rules)).toMatchObject({ allowed: false, reason: expect.stringContaining('guest') });
    expect(await approvers.check('U0000GONE', rules)).toMatchObject({ allowed: false, reason: expect.stringContaining('deactivated') });
    expect(await approvers.check('U0000ALICE', rules, { requester: 'U0000ALICE' })).toMatchObject({
      allowed: false,
      reason: 'you cannot approve your own request',
    });
  });

  it('caches group membership briefly, then sees changes', async () => {
    let now = 0;
    const approvers = new Approvers(client, 60_000, () => now);
    slack.usergroups.set('S0000TEMP', ['U0000CAROL']);
    const temp = { users: [], usergroups: ['S0000TEMP'] };
    expect((await approvers.check('U0000CAROL', temp)).allowed).toBe(true);
    const callsBefore = slack.callsTo('usergroups.users.list').length;
    slack.usergroups.set('S0000TEMP', []);
    expect((await approvers.check('U0000CAROL', temp)).allowed).toBe(true);
    expect(slack.callsTo('usergroups.users.list').length).toBe(callsBefore);
    now += 61_000;
    expect((await approvers.check('U0000CAROL', temp)).allowed).toBe(false);
  });

  it('fails closed: a Slack error is an error, never an approval', async () => {
    const approvers = new Approvers(client, 60_000);
    slack.failNext('usergroups.users.list', { times: 1, status: 200, error: 'missing_scope' });
    await expect(approvers.check('U0000BOB', rules)).rejects.toThrow(/missing_scope/);
  });
});
