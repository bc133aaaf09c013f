import type { AuditEntry } from '../audit/log.js';
import type { StoredFinding } from '../findings/types.js';

/**
 * What gdpr-bot already knows about a breach, to prefill and cite in the assessment and the draft:
 * the linked findings, what Macie says their buckets hold, and the fixes applied and access revoked since
 * awareness (from the audit log). Everything here is AWS or audit text: escape it when it is shown.
 */
export interface KnownFacts {
  findings: { id: string; source: string; type: string; title: string; resource: string; account: string; region: string; firstSeen: string }[];
  macie: { finding: string; bucket: string; object?: string; public: boolean; sensitiveData: string }[];
  fixes: { at: string; request: string; remediation: string; target: string; outcome: string; actor: string }[];
  revocations: { at: string; grant: string; actor: string }[];
}

/** A finding's resource in one line of plain text. */
export function resourceText(f: Pick<StoredFinding, 'resource'>): string {
  const r = f.resource;
  const parts: string[] = [];
  if (r.bucket) parts.push(`bucket ${r.bucket}${r.bucketPublic ? ' (public)' : ''}`);
  if (r.objectKey) parts.push(`object ${r.objectKey}`);
  if (r.instanceId) parts.push(`instance ${r.instanceId}`);
  if (r.accessKeyId) parts.push(`access key ${r.accessKeyId}`);
  if (r.userName) parts.push(`user ${r.userName}`);
  return (parts.length > 0 ? parts.join(', ') : r.kind).slice(0, 300);
}

/** Audit actions that mean "a fix changed AWS" and "access was taken away". */
const FIX_ACTION = 'remediation.applied';
const REVOKE_ACTIONS = new Set(['access.revoked']);

/**
 * The facts, from the stored findings (with their Details fields) and the audit entries (any order;
 * only those at or after `awareAt` count). Pure.
 */
export function factsFrom(
  findings: readonly { finding: StoredFinding; details: Record<string, string> }[],
  entries: readonly AuditEntry[],
  awareAt: number,
): KnownFacts {
  const facts: KnownFacts = { findings: [], macie: [], fixes: [], revocations: [] };
  for (const { finding: f, details } of findings) {
    facts.findings.push({
      id: f.id,
      source: f.source,
      type: f.type,
      title: f.title,
      resource: resourceText(f),
      account: f.account,
      region: f.region,
      firstSeen: f.firstSeen,
    });
    if (f.source === 'macie' && f.resource.bucket) {
      facts.macie.push({
        finding: f.id,
        bucket: f.resource.bucket,
        ...(f.resource.objectKey ? { object: f.resource.objectKey } : {}),
        public: f.resource.bucketPublic === true,
        sensitiveData: details['Sensitive data'] ?? `${f.type} (no categories given)`,
      });
    }
  }
  for (const e of [...entries].sort((a, b) => a.seq - b.seq)) {
    if (Date.parse(e.at) < awareAt) continue;
    if (e.action === FIX_ACTION) {
      const d = e.detail as { remediation?: unknown; target?: unknown; outcome?: unknown };
      facts.fixes.push({
        at: e.at,
        request: e.subject,
        remediation: String(d.remediation ?? '?'),
        target:
          typeof d.target === 'object' && d.target
            ? Object.values(d.target as Record<string, unknown>)
                .map(String)
                .join('/')
                .slice(0, 200)
            : String(d.target ?? ''),
        outcome: String(d.outcome ?? '?'),
        actor: e.actor,
      });
    } else if (REVOKE_ACTIONS.has(e.action)) {
      facts.revocations.push({ at: e.at, grant: e.subject, actor: e.actor });
    }
  }
  return facts;
}
