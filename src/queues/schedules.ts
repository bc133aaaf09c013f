import type { Config } from '../config/schema.js';
import { findingsAccounts, findingsPollTargets } from '../findings/targets.js';
import type { Queues } from './queues.js';

/** Recurring jobs. Idempotent (job schedulers are upserted), so every worker process may call it. */
export async function scheduleRecurring(
  queues: Queues,
  config?: Config,
  defaultRegion?: string,
  /** The regions enabled in an account, for a findings feed with no regions configured (it polls every one). */
  enabledRegions?: (account: string) => Promise<readonly string[]>,
): Promise<void> {
  await queues.get('slack-outbound').upsertJobScheduler('sweep', { every: 30_000 }, { name: 'sweep', data: {} });
  await queues.get('remediation').upsertJobScheduler('sweep', { every: 60_000 }, { name: 'sweep', data: {} });
  await queues.get('access-lifecycle').upsertJobScheduler('sweep', { every: 60_000 }, { name: 'sweep', data: {} });
  await queues.get('breach').upsertJobScheduler('sweep', { every: 5 * 60_000 }, { name: 'sweep', data: {} });
  // Chains staged entries left by a crash, closes refusal windows and anchors the head outside Redis.
  if (config) await queues.get('audit').upsertJobScheduler('anchor', { every: config.audit.anchorInterval }, { name: 'anchor', data: {} });
  if (config?.audit.s3Bucket) {
    await queues.get('audit').upsertJobScheduler('ship', { every: config.audit.shipEvery }, { name: 'ship', data: {} });
  } else if (config) {
    await queues.get('audit').removeJobScheduler('ship');
  }
  if (config) await queues.get('scan').upsertJobScheduler('scan', { pattern: config.scan.schedule }, { name: 'scan', data: { trigger: 'schedule' } });
  // Expires waivers, warns before they end and posts their notices to the approvals channel.
  if (config) await queues.get('waivers').upsertJobScheduler('sweep', { every: config.waivers.sweepInterval }, { name: 'sweep', data: {} });
  if (!config) return;
  // One scheduler per (account, region); schedulers of pairs no longer configured are removed.
  const polls = queues.get('findings-poll');
  const wanted = new Set<string>();
  const enabled: Record<string, readonly string[]> = {};
  if (enabledRegions && config.findings && !config.findings.regions && !config.scan.regions) {
    for (const account of findingsAccounts(config)) enabled[account] = await enabledRegions(account);
  }
  for (const target of findingsPollTargets(config, defaultRegion, enabled)) {
    const id = `findings-poll:${target.account}:${target.region}`;
    wanted.add(id);
    // BullMQ types the scheduler id as a job name; here it is an id of its own.
    await polls.upsertJobScheduler(id as 'poll', { every: config.findings!.pollInterval }, { name: 'poll', data: target });
  }
  for (const scheduler of await polls.getJobSchedulers()) {
    if (scheduler.key.startsWith('findings-poll:') && !wanted.has(scheduler.key)) await polls.removeJobScheduler(scheduler.key);
  }
}
