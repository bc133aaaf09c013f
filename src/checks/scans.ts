import { randomUUID } from 'node:crypto';
import type { ScanSettings } from '../aws/collectors/context.js';
import type { Config } from '../config/schema.js';
import { scanProducer } from '../queues/producers.js';
import type { Services } from '../services.js';
import type { CheckSelector } from './registry.js';
import { ResultStore, ScanState, type ScanMeta } from './store.js';

/**
 * The scan settings (thresholds, allowed regions) from the configuration. Allowed regions come only from
 * `scan.allowedRegions`: the regions chosen for scanning are not thereby approved.
 */
export function scanSettings(config: Pick<Config, 'scan'>): ScanSettings {
  const allowed = config.scan.allowedRegions;
  return { ...(allowed && allowed.length > 0 ? { allowedRegions: [...allowed] } : {}), ...config.scan.thresholds };
}

export interface StartScanRequest {
  selector: CheckSelector;
  regions?: string[];
  channel?: string;
  user?: string;
  trigger: ScanMeta['trigger'];
}

/**
 * Starts a scan (used by `/gdpr scan`, `/gdpr status` with no results, and the Rescan button): records
 * it, then queues the scan job. Only Redis is touched, so a Slack listener may call it. When a scan of
 * the same scope is running, nothing is started and its id is returned.
 */
export async function startScan(services: Services, request: StartScanRequest): Promise<{ scanId: string; started: boolean }> {
  const store = new ResultStore(services.redis, services.keys);
  const scanId = `scan-${services.now().toISOString().slice(0, 10).replace(/-/g, '')}-${randomUUID().slice(0, 8)}`;
  const meta: ScanMeta = {
    id: scanId,
    selector: request.selector,
    regions: request.regions ?? [],
    state: ScanState.Running,
    startedAt: services.now().toISOString(),
    total: 0,
    done: 0,
    accounts: [],
    requestedBy: request.user,
    channel: request.channel,
    trigger: request.trigger,
  };
  const begun = await store.begin(meta);
  if (!begun.started) return { scanId: begun.runningId, started: false };
  await scanProducer(services.queues).scan({
    scanId,
    selector: request.selector,
    regions: request.regions,
    channel: request.channel,
    user: request.user,
    trigger: request.trigger === 'cli' ? 'slack' : request.trigger,
  });
  return { scanId, started: true };
}
