import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for one SQS queue on loopback, speaking the JSON protocol the AWS SDK v3 uses
 * (`POST /`, `Content-Type: application/x-amz-json-1.0`, `X-Amz-Target: AmazonSQS.<Operation>`):
 * ReceiveMessage (long polling, visibility timeout, ApproximateReceiveCount, MD5OfBody, which the SDK
 * checks), DeleteMessageBatch, DeleteMessage, SendMessage and GetQueueAttributes. As SQS does, a message
 * is hidden for its visibility timeout after each receive and comes back when it was not deleted, every
 * receive gives a new receipt handle, and only the latest one deletes (an older one "succeeds" and
 * deletes nothing). Reach it through the SDK's own endpoint settings (`AWS_ENDPOINT_URL_SQS`).
 */
export interface StoredMessage {
  id: string;
  body: string;
  sentAt: number;
  receiveCount: number;
  visibleAt: number;
  receiptHandle?: string;
}

export interface SqsCall {
  target: string;
  input: Record<string, unknown>;
}

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

export class SqsStandIn {
  private server: Server | undefined;
  readonly messages: StoredMessage[] = [];
  readonly calls: SqsCall[] = [];
  readonly deleted: string[] = [];
  url = '';
  /** Answer the next this many ReceiveMessage calls with this error (`__type`), e.g. a throttled or missing queue. */
  receiveFault: { times: number; type: string; status: number } | undefined;

  constructor(
    /** The queue's name; a QueueUrl ending in another name is answered QueueDoesNotExist. */
    readonly queueName = 'gdpr-bot-findings',
    private readonly clock: () => number = Date.now,
  ) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Puts a message on the queue (as EventBridge's delivery would); returns its id. */
  send(body: string): string {
    const id = randomUUID();
    this.messages.push({ id, body, sentAt: this.clock(), receiveCount: 0, visibleAt: 0 });
    return id;
  }

  /** Lets every message in flight be received again now, as if its visibility timeout had run out. */
  expireVisibility(): void {
    for (const m of this.messages) m.visibleAt = 0;
  }

  callsTo(op: string): Record<string, unknown>[] {
    return this.calls.filter((c) => c.target === op).map((c) => c.input);
  }

  private visible(): StoredMessage[] {
    const now = this.clock();
    return this.messages.filter((m) => m.visibleAt <= now);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': randomUUID() });
      res.end(JSON.stringify(body));
    };
    const fail = (status: number, type: string, message: string) => reply(status, { __type: `com.amazonaws.sqs#${type}`, message });
    const target = String(req.headers['x-amz-target'] ?? '');
    if (req.method !== 'POST' || !target.startsWith('AmazonSQS.') || !String(req.headers['content-type'] ?? '').startsWith('application/x-amz-json-1.0')) {
      return fail(400, 'InvalidAction', 'this stand-in speaks the SQS JSON protocol only');
    }
    let input: Record<string, unknown>;
    try {
      input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
    } catch {
      return fail(400, 'MalformedQueryString', 'not JSON');
    }
    const op = target.slice('AmazonSQS.'.length);
    this.calls.push({ target: op, input });
    if (typeof input.QueueUrl !== 'string' || !input.QueueUrl.endsWith(`/${this.queueName}`)) {
      return fail(400, 'QueueDoesNotExist', 'The specified queue does not exist.');
    }
    switch (op) {
      case 'ReceiveMessage': {
        if (this.receiveFault && this.receiveFault.times > 0) {
          this.receiveFault.times--;
          return fail(this.receiveFault.status, this.receiveFault.type, 'fault injected by the test');
        }
        const max = Math.min(Number(input.MaxNumberOfMessages ?? 1), 10);
        const wait = Math.min(Number(input.WaitTimeSeconds ?? 0), 20) * 1000;
        const visibility = Number(input.VisibilityTimeout ?? 30) * 1000;
        const deadline = Date.now() + wait;
        while (this.visible().length === 0 && Date.now() < deadline && !req.destroyed) await new Promise((r) => setTimeout(r, 10));
        const batch = this.visible().slice(0, max);
        const now = this.clock();
        const out = batch.map((m) => {
          m.receiveCount++;
          m.visibleAt = now + visibility;
          m.receiptHandle = randomUUID();
          return {
            MessageId: m.id,
            ReceiptHandle: m.receiptHandle,
            MD5OfBody: md5(m.body),
            Body: m.body,
            Attributes: { ApproximateReceiveCount: String(m.receiveCount), SentTimestamp: String(m.sentAt) },
          };
        });
        return reply(200, out.length > 0 ? { Messages: out } : {});
      }
      case 'DeleteMessageBatch': {
        const entries = (input.Entries ?? []) as { Id: string; ReceiptHandle: string }[];
        if (entries.length === 0) return fail(400, 'EmptyBatchRequest', 'no entries');
        if (entries.length > 10) return fail(400, 'TooManyEntriesInBatchRequest', 'at most 10');
        const Successful: { Id: string }[] = [];
        for (const e of entries) {
          this.deleteByHandle(e.ReceiptHandle);
          Successful.push({ Id: e.Id });
        }
        return reply(200, { Successful, Failed: [] });
      }
      case 'DeleteMessage':
        this.deleteByHandle(String(input.ReceiptHandle));
        return reply(200, {});
      case 'SendMessage': {
        const body = String(input.MessageBody ?? '');
        return reply(200, { MessageId: this.send(body), MD5OfMessageBody: md5(body) });
      }
      case 'GetQueueAttributes':
        return reply(200, {
          Attributes: {
            ApproximateNumberOfMessages: String(this.visible().length),
            ApproximateNumberOfMessagesNotVisible: String(this.messages.length - this.visible().length),
          },
        });
      default:
        return fail(400, 'UnsupportedOperation', `${op} is not supported by the stand-in`);
    }
  }

  /** SQS deletes only with the latest receipt handle; an older one succeeds and deletes nothing. */
  private deleteByHandle(handle: string): void {
    const i = this.messages.findIndex((m) => m.receiptHandle === handle);
    if (i < 0) return;
    this.deleted.push(this.messages[i]!.id);
    this.messages.splice(i, 1);
  }
}
