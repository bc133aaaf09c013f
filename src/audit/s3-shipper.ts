import type { Redis } from 'ioredis';
import type { AwsClients } from '../aws/clients.js';
import type { Logger } from '../log.js';
import type { Keys } from '../redis/keys.js';
import { Lease } from '../redis/lease.js';
import { setIfEquals } from '../redis/scripts.js';
import { GENESIS_HASH, type AuditEntry, type AuditLog } from './log.js';

/** Where and how the audit trail is copied to S3. */
export interface S3ShipperOptions {
  bucket: string;
  /** Key prefix of the batches, e.g. `gdpr-bot/audit/`. */
  prefix: string;
  /** Region of the bucket; default the AWS seam's default region. */
  region?: string;
  /** Largest number of entries in one object. */
  batchSize: number;
  /** Batches one run writes at most, so a long backlog is spread over several runs. */
  maxBatchesPerRun?: number;
  /** How long one run may hold the shipping lock. */
  lockMs?: number;
}

/** What one shipping run did. */
export interface ShipResult {
  /** Entries written to S3 in this run. */
  shipped: number;
  batches: number;
  /** The seq of the last entry known to be in S3. */
  watermark: number;
  /** Set when another process was already shipping. */
  busy?: boolean;
  /** The first entry that does not fit the chain; nothing from it on is shipped. */
  broken?: { seq: number; reason: string };
}

/** The last entry known to be in S3 (its seq and hash, so the next batch can be checked against it). */
export interface Watermark {
  seq: number;
  hash: string;
}

/** S3 object key of the batch holding entries `from`..`to`: zero-padded so keys sort in log order. */
export function batchKey(prefix: string, from: number, to: number): string {
  const pad = (n: number) => String(n).padStart(12, '0');
  return `${prefix}${pad(from)}-${pad(to)}.jsonl`;
}

/**
 * Ships the audit log to S3 in batches of JSON Lines, one object per seq range
 * (`<prefix>000000000001-000000001000.jsonl`), so that losing Redis does not lose the trail.
 *
 * This is the one place outside `src/remediations` and `src/access` that writes to AWS, and it only
 * ever writes to the bot's own audit bucket (`audit.s3Bucket`): it never changes the customer resources
 * the bot checks. A bucket with Object Lock (compliance mode) and versioning is the recommendation, so
 * that not even the bot can rewrite what it shipped.
 *
 * A watermark in Redis (`audit:s3:watermark`: seq and hash of the last shipped entry) moves only after
 * S3 accepted a batch, so a crash or an S3 error ships the same range again next time (same key, same
 * bytes), never skips one. Every entry is checked against the chain before it leaves: an edited,
 * missing or reordered entry stops shipping at that entry and is reported, so the copy in S3 stays
 * a faithful, verifiable prefix of the log.
 */
export class AuditS3Shipper {
  private readonly watermarkKey: string;
  private readonly lockKey: string;

  constructor(
    private readonly redis: Redis,
    keys: Keys,
    private readonly audit: AuditLog,
    private readonly aws: AwsClients,
    private readonly log: Logger,
    private readonly options: S3ShipperOptions,
  ) {
    this.watermarkKey = keys.key('audit', 's3', 'watermark');
    this.lockKey = keys.key('audit', 's3', 'lock');
  }

  /** The last entry known to be in S3 (`seq` 0 before the first batch). */
  async watermark(): Promise<Watermark> {
    const raw = await this.redis.get(this.watermarkKey);
    return raw ? (JSON.parse(raw) as Watermark) : { seq: 0, hash: GENESIS_HASH };
  }

  /** Ships every entry after the watermark, batch by batch, up to `maxBatchesPerRun` batches. */
  async ship(): Promise<ShipResult> {
    const lockMs = this.options.lockMs ?? 120_000;
    const lease = await Lease.acquire(this.redis, this.lockKey, lockMs);
    if (!lease) {
      return { shipped: 0, batches: 0, watermark: (await this.watermark()).seq, busy: true };
    }
    try {
      let shipped = 0;
      let batches = 0;
      const maxBatches = this.options.maxBatchesPerRun ?? 20;
      for (;;) {
        const currentRaw = await this.redis.get(this.watermarkKey);
        const mark: Watermark = currentRaw ? (JSON.parse(currentRaw) as Watermark) : { seq: 0, hash: GENESIS_HASH };
        if (batches >= maxBatches) return { shipped, batches, watermark: mark.seq };
        // Entry #seq sits at list position seq-1 as long as nobody removed one (checked below).
        const raw = await this.audit.rawRange(mark.seq, mark.seq + this.options.batchSize - 1);
        if (raw.length === 0) return { shipped, batches, watermark: mark.seq };

        const { good, broken } = checkChain(this.audit, raw, mark);
        if (good.length > 0) {
          const first = good[0]!;
          const last = good[good.length - 1]!;
          const key = batchKey(this.options.prefix, first.seq, last.seq);
          const { PutObjectCommand, S3Client } = await import('@aws-sdk/client-s3');
          const s3 = this.aws.get(S3Client, this.options.region);
          await s3.send(
            new PutObjectCommand({
              Bucket: this.options.bucket,
              Key: key,
              Body: good.map((e) => e.raw).join('\n') + '\n',
              ContentType: 'application/x-ndjson',
              // Object Lock buckets refuse writes without an integrity checksum.
              ChecksumAlgorithm: 'SHA256',
              Metadata: { 'first-seq': String(first.seq), 'last-seq': String(last.seq), 'last-hash': last.entry.hash },
            }),
          );
          // Only now that S3 has the batch does the watermark move.
          const next: Watermark = { seq: last.seq, hash: last.entry.hash };
          // Moves only if nobody else moved it since it was read.
          const moved = await setIfEquals.run(this.redis, { key: this.watermarkKey }, { expected: currentRaw ?? '', next: JSON.stringify(next) });
          if (!moved) throw new Error('audit S3 watermark moved under this shipper; another process is shipping');
          this.log.info({ bucket: this.options.bucket, key, from: first.seq, to: last.seq }, 'audit batch shipped to S3');
          shipped += good.length;
          batches++;
        }
        if (broken) {
          this.log.error({ seq: broken.seq, reason: broken.reason }, 'audit log chain is broken; not shipping from this entry on (run /gdpr audit verify)');
          return { shipped, batches, watermark: (await this.watermark()).seq, broken };
        }
        // Only while still ours (a shipper that lost it is stopped by the watermark check above).
        await lease.renew();
      }
    } finally {
      await lease.release().catch((err: unknown) => this.log.warn({ err }, 'could not release the audit S3 lock'));
    }
  }
}

/** Splits a batch into the entries that continue the chain from `mark` (MACs checked with the audit key), and the first one that does not. */
function checkChain(
  audit: AuditLog,
  raw: string[],
  mark: Watermark,
): { good: { seq: number; raw: string; entry: AuditEntry }[]; broken?: { seq: number; reason: string } } {
  const good: { seq: number; raw: string; entry: AuditEntry }[] = [];
  let expectedSeq = mark.seq + 1;
  let prevHash = mark.hash;
  let keyedFrom: number | undefined;
  for (const line of raw) {
    const checked = audit.checkStored(line, expectedSeq, prevHash, keyedFrom);
    if ('reason' in checked) return { good, broken: { seq: checked.brokenAt, reason: checked.reason } };
    if (checked.keyed && keyedFrom === undefined) keyedFrom = expectedSeq;
    good.push({ seq: expectedSeq, raw: line, entry: JSON.parse(line) as AuditEntry });
    prevHash = checked.hash;
    expectedSeq++;
  }
  return { good };
}
