/**
 * Every BullMQ queue of the program, with the data its jobs carry and what they return. Job data
 * carries ids, never secrets or personal data: BullMQ stores it in clear text.
 *
 * A feature adds its queue here and its processor in `jobs/`.
 */
export interface JobTypes {
  /** Delivers what is waiting in one channel's outbound list (see src/slack/outbound.ts). */
  'slack-outbound': {
    name: 'drain' | 'sweep';
    data: { channel?: string };
    result: { sent: number; busy?: boolean; deferredMs?: number; swept?: number };
  };
  /** `export`: uploads the audit log to the requester as JSON Lines; `ship`: copies new entries to S3 (src/audit/). */
  audit: {
    name: 'export' | 'ship';
    /** `requestedBy`: the Slack user id of the approver who asked for the export. */
    data: { requestedBy?: string };
    result: { entries?: number; fileId?: string; shipped?: number; watermark?: number; broken?: number };
  };
}

export type QueueName = keyof JobTypes;
export type JobData<N extends QueueName> = JobTypes[N]['data'];
export type JobResult<N extends QueueName> = JobTypes[N]['result'];
export type JobName<N extends QueueName> = JobTypes[N]['name'];

/** The queue names, for iteration (metrics, workers). */
export const QUEUE_NAMES: readonly QueueName[] = ['slack-outbound', 'audit'];
