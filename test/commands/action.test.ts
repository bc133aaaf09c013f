import { describe, expect, it } from 'vitest';
import { defineAction, valueDecodedBy, valueMatching, type ActionSpec, type ButtonArgs } from '../../commands/action.js';
import type { Services } from '../../src/services.js';

/** Everything a click did, in order: acks, answers, audit entries, log lines, runs. */
type Event = { what: string; detail?: unknown };

/** A listener built by defineAction over fakes: Approvers with one approver, an audit log and a logger that record, and Bolt's args. */
function harness(spec: Partial<ActionSpec<unknown>> = {}, options: { respondFails?: boolean } = {}) {
  const events: Event[] = [];
  const log = {
    child: () => log,
    warn: (detail: unknown, message: string) => void events.push({ what: `log.warn ${message}`, detail }),
    error: (detail: unknown, message: string) => void events.push({ what: `log.error ${message}`, detail }),
    info: () => undefined,
    debug: () => undefined,
  };
  const services = {
    log,
    config: { approvers: { users: ['UAPPROVER'] } },
    approvers: {
      check: async (userId: string) => (userId === 'UAPPROVER' ? { allowed: true } : { allowed: false, reason: 'not an approver' }),
      isGuest: async (userId: string) => userId === 'UGUEST',
    },
    audit: {
      refused: async (entry: unknown) => void events.push({ what: 'audit.refused', detail: entry }),
    },
  } as unknown as Services;
  const action = defineAction<unknown>({
    id: 'test_button',
    what: 'Test button',
    audience: { checkedBy: 'nobody (a test)' },
    parse: valueMatching(/^ok-\w+$/),
    invalid: 'That button is not for me.',
    run: async ({ value }) => {
      events.push({ what: 'run', detail: value });
      return `done ${String(value)}`;
    },
    ...spec,
  });
  const click = async (body: Record<string, unknown>, value: string | null = 'ok-1') => {
    const args = {
      ack: async () => void events.push({ what: 'ack' }),
      respond: async (message: unknown) => {
        events.push({ what: 'respond', detail: message });
        if (options.respondFails) throw new Error('response_url gone');
      },
      body: { type: 'block_actions', team: { id: 'THOME' }, ...body },
      action: { type: 'button', action_id: 'test_button', action_ts: '1700000000.000100', ...(value === null ? {} : { value }) },
      context: { teamId: 'THOME' },
    } as unknown as ButtonArgs;
    await action.listener(services)(args);
    return events;
  };
  return { action, click, events };
}

const said = (events: Event[]) =>
  events.filter((e) => e.what === 'respond').map((e) => e.detail as { text: string; response_type: string; replace_original: boolean });

describe('defineAction', () => {
  it('acks before anything else, runs with the parsed value and says its answer to the clicker alone', async () => {
    const { click, action } = harness();
    expect(action.id).toBe('test_button');
    const events = await click({ user: { id: 'UMEMBER' } });
    expect(events.map((e) => e.what)).toEqual(['ack', 'run', 'respond']);
    expect(said(events)).toEqual([{ response_type: 'ephemeral', replace_original: false, text: 'done ok-1' }]);
  });

  it('drops a malformed click (no clicker) after acking it, logs it and never throws at Bolt', async () => {
    const { click } = harness();
    const events = await click({ user: undefined });
    expect(events.map((e) => e.what)).toEqual(['ack', 'log.warn malformed click refused']);
  });

  it('reads the fields Slack may leave out or send with another type as absent, not as a malformed click', async () => {
    let seen: unknown;
    const { click } = harness({
      run: async (c) => {
        seen = { channel: c.channel, message: c.message, responseUrl: c.responseUrl, triggerId: c.triggerId, actionTs: c.actionTs };
        return undefined;
      },
    });
    const events = await click({
      user: { id: 'UMEMBER' },
      channel: null,
      container: { channel_id: 'C1', message_ts: 42, is_ephemeral: true },
      message: { ts: '1.2', thread_ts: '1.1' },
      response_url: 'https://hooks.slack.com/x',
      trigger_id: 7,
    });
    expect(events.map((e) => e.what)).toEqual(['ack']);
    expect(seen).toEqual({
      channel: 'C1',
      message: { ts: '1.2', threadTs: '1.1', containerTs: undefined, ephemeral: true },
      responseUrl: 'https://hooks.slack.com/x',
      triggerId: undefined,
      actionTs: '1700000000.000100',
    });
  });

  it('refuses a value that does not parse with its own words and a log line, without running', async () => {
    const { click } = harness();
    const events = await click({ user: { id: 'UMEMBER' } }, 'forged');
    expect(events.map((e) => e.what)).toEqual(['ack', 'log.warn click refused: the button value does not parse', 'respond']);
    expect(said(events)[0]?.text).toBe('That button is not for me.');
    // A button without a value is parsed as ''.
    expect(said(await harness().click({ user: { id: 'UMEMBER' } }, null))[0]?.text).toBe('That button is not for me.');
  });

  it('says the default refusal when the listener has no words of its own for a bad value', async () => {
    const { click } = harness({ invalid: undefined });
    expect(said(await click({ user: { id: 'UMEMBER' } }, 'forged'))[0]?.text).toBe('This button is not valid any more.');
  });

  it('passes decoded values to run, and refuses what the decoder does not know', async () => {
    const spec = {
      parse: valueDecodedBy((v: string) => (v === 'known' ? { decoded: true } : undefined)),
      run: async ({ value }: { value: unknown }) => JSON.stringify(value),
    };
    expect(said(await harness(spec).click({ user: { id: 'UMEMBER' } }, 'known'))[0]?.text).toBe('{"decoded":true}');
    expect(said(await harness(spec).click({ user: { id: 'UMEMBER' } }, 'unknown'))[0]?.text).toBe('That button is not for me.');
  });

  it('checks an approvers-only audience on the server before parsing: refused, audited as click.refused, nothing run', async () => {
    const { click } = harness({ audience: { who: 'approvers', what: 'Test…' } });
    const events = await click({ user: { id: 'UMEMBER' } }, 'forged');
    expect(events.map((e) => e.what)).toEqual(['ack', 'audit.refused', 'respond']);
    expect(events[1]?.detail).toEqual({
      actor: 'UMEMBER',
      action: 'click.refused',
      subject: 'Test…',
      detail: { reason: 'Only approvers can use Test… (not an approver).', audience: 'approvers' },
    });
    expect(said(events)[0]?.text).toBe(':no_entry: Only approvers can use Test… (not an approver).');
    expect((await harness({ audience: { who: 'approvers', what: 'Test…' } }).click({ user: { id: 'UAPPROVER' } })).map((e) => e.what)).toEqual([
      'ack',
      'run',
      'respond',
    ]);
  });

  it('refuses guests for a members audience, and accounts of another organisation whatever the audience', async () => {
    const guest = await harness({ audience: { who: 'members', what: 'Test' } }).click({ user: { id: 'UGUEST' } });
    expect(said(guest)[0]?.text).toBe(':no_entry: Guest accounts cannot use Test, nor can accounts from another organisation.');
    expect(guest.map((e) => e.what)).not.toContain('run');
    const foreign = await harness({ audience: { who: 'members', what: 'Test' } }).click({ user: { id: 'UMEMBER' }, team: { id: 'TOTHER' } });
    expect(said(foreign)[0]?.text).toBe(':no_entry: Accounts from another organisation cannot use Test.');
  });

  it('runs a check of the listener’s own and says its refusal', async () => {
    const { click } = harness({ audience: async ({ userId, rawValue }) => (userId === 'UMEMBER' ? `no for ${rawValue}` : undefined) });
    const events = await click({ user: { id: 'UMEMBER' } }, 'anything');
    expect(events.map((e) => e.what)).toEqual(['ack', 'respond']);
    expect(said(events)[0]?.text).toBe('no for anything');
  });

  it('answers a failure with an error reference that is in the log line, never the error’s details', async () => {
    const { click } = harness({ run: async () => Promise.reject(new Error('secret detail')) });
    const events = await click({ user: { id: 'UMEMBER' } });
    expect(events.map((e) => e.what)).toEqual(['ack', 'log.error request failed', 'respond']);
    const ref = (events[1]?.detail as { ref: string }).ref;
    expect(said(events)[0]).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(said(events)[0]?.text).toContain(`ref \`${ref}\``);
    expect(said(events)[0]?.text).not.toContain('secret detail');
  });

  it('turns the flow’s refusals into their text through `refusal`, and anything else into an error reference', async () => {
    class Refused extends Error {}
    const spec = {
      run: async ({ value }: { value: unknown }) => Promise.reject(value === 'ok-refused' ? new Refused('not yours') : new Error('boom')),
      refusal: async (error: unknown) => (error instanceof Refused ? `:no_entry: ${error.message}` : undefined),
    };
    expect(said(await harness(spec).click({ user: { id: 'UMEMBER' } }, 'ok-refused'))[0]?.text).toBe(':no_entry: not yours');
    expect(said(await harness(spec).click({ user: { id: 'UMEMBER' } }, 'ok-other'))[0]?.text).toContain('ref `');
  });

  it('does not throw at Bolt when even the error answer cannot be sent', async () => {
    const { click } = harness({ run: async () => Promise.reject(new Error('boom')) }, { respondFails: true });
    const events = await click({ user: { id: 'UMEMBER' } });
    expect(events.map((e) => e.what)).toEqual(['ack', 'log.error request failed', 'respond', 'log.error could not tell the user about the failure']);
  });
});
