import type { RespondArguments } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { makeGdprCommand, suggest } from '../../commands/gdpr.js';
import type { Subcommand } from '../../commands/subcommand.js';
import { createLogger } from '../../src/log.js';
import type { Services } from '../../src/services.js';
import { LogCapture } from '../helpers/bot.js';

/** Calls the /gdpr listener directly with a fake ack/respond, as Bolt would. */
async function invoke(subcommands: Subcommand[], text: string, options: { ackBudgetMs?: number } = {}) {
  const logs = new LogCapture();
  const services = { log: createLogger('info', logs) } as unknown as Services;
  const acked: unknown[] = [];
  const responses: RespondArguments[] = [];
  const handler = makeGdprCommand(services, subcommands, options);
  await handler({
    command: { text, user_id: 'U0000USER', channel_id: 'C0000TEST' },
    ack: async (r?: unknown) => {
      acked.push(r ?? null);
    },
    respond: async (r: RespondArguments | string) => {
      responses.push(typeof r === 'string' ? { text: r } : r);
    },
  } as unknown as Parameters<typeof handler>[0]);
  return { acked, responses, logs };
}

const noop = (name: string): Subcommand => ({ name, summary: name, run: async ({ respond }) => void (await respond(`ran ${name}`)) });

describe('the /gdpr dispatcher', () => {
  it('acks before running the subcommand and routes by name', async () => {
    const order: string[] = [];
    const sub: Subcommand = { name: 'status', summary: '', audience: 'everyone', run: async ({ args }) => void order.push(`run:${args.join(',')}`) };
    const logs = new LogCapture();
    const handler = makeGdprCommand({ log: createLogger('info', logs) } as unknown as Services, [sub]);
    await handler({
      command: { text: 'status a b', user_id: 'U1', channel_id: 'C1' },
      ack: async () => void order.push('ack'),
      respond: async () => undefined,
    } as unknown as Parameters<typeof handler>[0]);
    expect(order).toEqual(['ack', 'run:a,b']);
  });

  it('answers a failing subcommand with an ephemeral error carrying a reference that is in the log', async () => {
    const boom: Subcommand = {
      name: 'boom',
      summary: '',
      audience: 'everyone',
      run: async () => {
        throw new Error('internal detail xyz');
      },
    };
    const { responses, logs } = await invoke([boom], 'boom');
    expect(responses).toHaveLength(1);
    expect(responses[0]!.response_type).toBe('ephemeral');
    expect(responses[0]!.text).not.toContain('internal detail');
    const ref = /ref `([0-9a-f]{8})`/.exec(responses[0]!.text ?? '')?.[1];
    expect(ref).toBeDefined();
    const line = logs.entries().find((e) => e.ref === ref)!;
    expect(JSON.stringify(line)).toContain('internal detail xyz');
  });

  it('says "temporarily unavailable" when Redis is away, not a generic failure', async () => {
    const down: Subcommand = {
      name: 'scan',
      summary: '',
      audience: 'everyone',
      run: async () => {
        throw new Error("Stream isn't writeable and enableOfflineQueue options is false");
      },
    };
    const { responses } = await invoke([down], 'scan');
    expect(responses[0]!.text).toMatch(/temporarily unavailable/);
  });

  it('suggests the closest subcommand only when it is plausibly a typo', () => {
    const subs = [noop('status'), noop('scan'), noop('report')];
    expect(suggest('stauts', subs)).toBe('status');
    expect(suggest('repotr', subs)).toBe('report');
    expect(suggest('xylophone', subs)).toBeUndefined();
  });

  describe('answerInAck: the first answer in the acknowledgement', () => {
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const answering = (delayMs: number, ...texts: string[]): Subcommand => ({
      name: 'status',
      summary: '',
      audience: 'everyone',
      answerInAck: true,
      run: async ({ respond }) => {
        await sleep(delayMs);
        for (const text of texts) await respond({ response_type: 'ephemeral', replace_original: false, text });
      },
    });

    it('sends a fast answer as the acknowledgement and nothing to the response_url', async () => {
      const { acked, responses } = await invoke([answering(5, 'posture')], 'status', { ackBudgetMs: 1000 });
      expect(acked).toEqual([{ response_type: 'ephemeral', text: 'posture' }]);
      expect(responses).toEqual([]);
    });

    it('sends later answers to the response_url, in order', async () => {
      const { acked, responses } = await invoke([answering(0, 'first', 'second', 'third')], 'status', { ackBudgetMs: 1000 });
      expect(acked).toEqual([{ response_type: 'ephemeral', text: 'first' }]);
      expect(responses.map((r) => r.text)).toEqual(['second', 'third']);
    });

    it('acknowledges empty once the budget is spent, and the answer goes to the response_url', async () => {
      const { acked, responses } = await invoke([answering(80, 'late posture')], 'status', { ackBudgetMs: 20 });
      expect(acked).toEqual([null]);
      expect(responses.map((r) => r.text)).toEqual(['late posture']);
    });

    it('acknowledges empty when the subcommand answers nothing', async () => {
      const { acked, responses } = await invoke([answering(0)], 'status', { ackBudgetMs: 1000 });
      expect(acked).toEqual([null]);
      expect(responses).toEqual([]);
    });

    it('puts the error of a failing subcommand in the acknowledgement, with its reference', async () => {
      const boom: Subcommand = {
        name: 'status',
        summary: '',
        audience: 'everyone',
        answerInAck: true,
        run: async () => {
          throw new Error('internal detail xyz');
        },
      };
      const { acked, responses } = await invoke([boom], 'status', { ackBudgetMs: 1000 });
      expect(acked).toHaveLength(1);
      expect(String((acked[0] as RespondArguments).text)).toMatch(/Something went wrong .* ref `[0-9a-f]{8}`/);
      expect(JSON.stringify(acked[0])).not.toContain('internal detail');
      expect(responses).toEqual([]);
    });

    it('leaves subcommands without the mark as they were: acknowledged first, answered on the response_url', async () => {
      const { acked, responses } = await invoke([{ ...answering(0, 'scan started'), answerInAck: undefined }], 'status');
      expect(acked).toEqual([null]);
      expect(responses.map((r) => r.text)).toEqual(['scan started']);
    });
  });
});
