import type { ActionItem, GdprArticle } from './types.js';

/**
 * Controls of the source document that no AWS API can answer: a person answers them in the configuration
 * file (`manualAnswers`), and `/gdpr status` and the report list them per action item until then. A `no`
 * answer is a failure of its action item; an unanswered one (or a `yes` older than a year) never passes.
 */
export interface ManualControl {
  /** `<service>_<resource>_<property>`, like a check id; the key under `manualAnswers`. */
  id: string;
  actionItem: ActionItem;
  gdpr: readonly GdprArticle[];
  /** The question, answered yes or no. */
  question: string;
  /** Why no API call can answer it (what the API does show, and what it cannot). */
  whyManual: string;
}

export const MANUAL_CONTROLS: readonly ManualControl[] = [
  {
    id: 'ec2_instance_store_encrypted',
    actionItem: 12,
    gdpr: ['Art. 32'],
    question:
      'Is every file with personal data on an EC2 instance store encrypted (disk- or filesystem-level), or is no personal data kept on instance stores?',
    whyManual:
      'EC2 reports no encryption state for instance-store volumes: NVMe instance stores of current instance types are encrypted by the hardware, others are not, and what the operating system writes there is invisible to every AWS API.',
  },
  {
    id: 'kms_key_custody_decided',
    actionItem: 14,
    gdpr: ['Art. 32'],
    question:
      'Is it decided and recorded, for each kind of personal data, who holds its keys (AWS KMS, AWS CloudHSM or an external key store) and whether client-side encryption (AWS Encryption SDK, DynamoDB Encryption Client) is required?',
    whyManual:
      "KMS shows each key's origin (AWS_KMS, AWS_CLOUDHSM, EXTERNAL_KEY_STORE) but not whether that custody is what the risk assessment asks for; client-side encryption happens in application code, and its ciphertext looks like any data to an API.",
  },
  {
    id: 'records_of_processing_kept',
    actionItem: 7,
    gdpr: ['Art. 30'],
    question:
      'Does the record of processing activities name the AWS accounts, regions and services that hold personal data, and was it checked against the AWS Config inventory?',
    whyManual:
      'The Art. 30 record is a document kept outside AWS (purposes, categories of data subjects, recipients, transfers); Config inventories resources, not what they are processed for.',
  },
  {
    id: 'siem_alerts_reviewed',
    actionItem: 8,
    gdpr: ['Art. 33'],
    question:
      "Does a SIEM ingest the CloudTrail and other logs, and are its alerts reviewed by someone on call, so a breach is noticed within Art. 33's 72 hours?",
    whyManual: 'Whether a SIEM outside AWS reads the log archive, and whether anyone acts on its alerts, leaves no trace that an AWS API reports.',
  },
  {
    id: 'kms_enclave_keys_require_attestation',
    actionItem: 14,
    gdpr: ['Art. 32'],
    question:
      "Does every KMS key that a Nitro Enclave uses to decrypt personal data require a kms:RecipientAttestation condition (the enclave image's PCR values) on each Allow of kms:Decrypt, kms:GenerateDataKey*, kms:DeriveSharedSecret and kms:GenerateRandom, with no other path around it (or do no enclaves handle personal data)?",
    whyManual:
      'No AWS API says which keys an enclave decrypts with: KMS shows each key policy and any kms:RecipientAttestation condition in it, but a key meant for an enclave whose policy has no such condition looks like any other key (Prowler guesses from tags and descriptions).',
  },
];

export const MANUAL_CONTROL_IDS: readonly string[] = MANUAL_CONTROLS.map((c) => c.id);

/** An answer as the configuration holds it (`manualAnswers.<id>`), the date as `YYYY-MM-DD`. */
export interface ManualAnswer {
  answer: 'yes' | 'no';
  /** Who answered (a name or a Slack user id). */
  by: string;
  date: string;
  note?: string;
}

/** An answer older than this is stale: a `yes` no longer passes. */
export const MANUAL_ANSWER_MAX_AGE_DAYS = 365;

/**
 * Where a control stands: `yes` (answered yes within a year: passes), `no` (a failure, however old),
 * `stale` (a yes older than a year: needs a new answer), `unanswered`.
 */
export type ManualState = 'yes' | 'no' | 'stale' | 'unanswered';

export interface ManualStatus {
  control: ManualControl;
  state: ManualState;
  answer?: ManualAnswer;
  /** Whole days since the answer's date. */
  ageDays?: number;
}

const DAY_MS = 86_400_000;

/** Every manual control with its state, from the configured answers, at `now`. */
export function manualStatuses(answers: Readonly<Partial<Record<string, ManualAnswer>>> | undefined, now: Date): ManualStatus[] {
  return MANUAL_CONTROLS.map((control): ManualStatus => {
    const answer = answers?.[control.id];
    if (!answer) return { control, state: 'unanswered' };
    const ageDays = Math.floor((now.getTime() - Date.parse(`${answer.date}T00:00:00Z`)) / DAY_MS);
    if (answer.answer === 'no') return { control, state: 'no', answer, ageDays };
    return { control, state: ageDays > MANUAL_ANSWER_MAX_AGE_DAYS ? 'stale' : 'yes', answer, ageDays };
  });
}

/** Per action item: answered yes (passing), answered no (failing), and still needing an answer (unanswered or stale). */
export interface ManualCounts {
  passed: number;
  failed: number;
  needsAnswer: number;
}

export function manualCountsByItem(statuses: readonly ManualStatus[]): Map<ActionItem, ManualCounts> {
  const out = new Map<ActionItem, ManualCounts>();
  for (const s of statuses) {
    const c = out.get(s.control.actionItem) ?? { passed: 0, failed: 0, needsAnswer: 0 };
    if (s.state === 'yes') c.passed += 1;
    else if (s.state === 'no') c.failed += 1;
    else c.needsAnswer += 1;
    out.set(s.control.actionItem, c);
  }
  return out;
}

/** One line about a control's answer, in plain text: what the status and the report say. */
export function describeManual(s: ManualStatus): string {
  const a = s.answer;
  const note = a?.note ? ` (${a.note})` : '';
  switch (s.state) {
    case 'unanswered':
      return `${s.control.id}: needs a manual answer: ${s.control.question}`;
    case 'stale':
      return `${s.control.id}: needs a manual answer again: answered yes by ${a!.by} on ${a!.date}, more than a year ago${note}. ${s.control.question}`;
    case 'no':
      return `${s.control.id}: answered no by ${a!.by} on ${a!.date}${note}: ${s.control.question}`;
    case 'yes':
      return `${s.control.id}: answered yes by ${a!.by} on ${a!.date}${note}.`;
  }
}
