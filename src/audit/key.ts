import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/** HKDF label of the audit chain's key: distinct from every other key derived from the same secret. */
export const AUDIT_KEY_LABEL = 'gdpr-bot/audit-chain/v1';

/** Where the audit key came from (never the key itself): shown in logs and `/gdpr audit verify`. */
export type AuditKeySource = 'GDPR_BOT_AUDIT_KEY' | 'GDPR_BOT_STATE_KEY' | 'SLACK_SIGNING_SECRET';

/**
 * The secret that keys the audit chain (HMAC-SHA256). It is held by the bot's processes only, never by
 * Redis: someone who can write to Redis can still edit entries, but cannot compute the MAC of an edited
 * or invented entry, nor of an anchor.
 */
export class AuditKey {
  /** A fingerprint of the key (not the key): which key an entry was written with. */
  readonly kid: string;

  private constructor(
    private readonly key: Buffer,
    readonly source: AuditKeySource | 'test',
  ) {
    this.kid = this.mac('gdpr-bot audit key id').slice(0, 16);
  }

  /**
   * Derives the key with HKDF-SHA256 (label {@link AUDIT_KEY_LABEL}) from `material`: `GDPR_BOT_AUDIT_KEY`
   * when set, else `GDPR_BOT_STATE_KEY`, else the Slack signing secret (the caller chooses, in
   * src/config/env.ts).
   */
  static derive(material: string, source: AuditKeySource | 'test'): AuditKey {
    if (!material) throw new Error('the audit key material is empty');
    return new AuditKey(Buffer.from(hkdfSync('sha256', Buffer.from(material, 'utf8'), Buffer.alloc(0), AUDIT_KEY_LABEL, 32)), source);
  }

  /** HMAC-SHA256 of `data` under the key, hex. */
  mac(data: string): string {
    return createHmac('sha256', this.key).update(data, 'utf8').digest('hex');
  }

  /** Whether `mac` is the MAC of `data` (constant time). */
  check(data: string, mac: unknown): boolean {
    if (typeof mac !== 'string' || !/^[0-9a-f]{64}$/.test(mac)) return false;
    return timingSafeEqual(Buffer.from(this.mac(data), 'hex'), Buffer.from(mac, 'hex'));
  }
}
