import type { WebClient } from '@slack/web-api';
import { registerEntry, registerMarkdown } from '../breach/document.js';
import type { Breach } from '../breach/state.js';
import type { Config } from '../config/schema.js';
import type { DataMapStore } from '../datamap/store.js';
import type { JobData, JobResult } from '../queues/definitions.js';
import { StopRetrying } from '../queues/retry.js';
import { manualStatuses } from './manual.js';
import { renderReport, type ReportFormat } from './report.js';
import type { ResultStore } from './store.js';
import type { CheckResult } from './types.js';

/** What the evidence report (`/gdpr report`, the `report` job) uses. */
export interface EvidenceDeps {
  config: Pick<Config, 'manualAnswers'>;
  results: Pick<ResultStore, 'latest' | 'lastScan'>;
  dataMaps: Pick<DataMapStore, 'all'>;
  /** The breach register: every assessment, notified or not (at most `limit`). */
  breaches: (limit: number) => Promise<Breach[]>;
  /** The results with the waivers in force applied (src/waivers/flow.ts). */
  withWaivers: <R extends CheckResult>(results: readonly R[]) => Promise<readonly R[]>;
  slack: Pick<WebClient, 'files'>;
  now: () => Date;
}

/**
 * Uploads the evidence report to `data.channel`: per article, check, resource and status from the
 * stored results (waived failures as waived, with who accepted the risk, why and until when), the
 * manual controls, the data map, and the breach register (Art. 33(5)).
 */
export async function uploadEvidenceReport(deps: EvidenceDeps, data: JobData<'scan'>): Promise<JobResult<'scan'>> {
  if (!data.channel) throw new StopRetrying('report job without a channel');
  const [stored, last, dataMaps] = await Promise.all([deps.results.latest(), deps.results.lastScan(), deps.dataMaps.all()]);
  // Waived failures are reported as waived, with who accepted the risk, why and until when.
  const results = await deps.withWaivers(stored);
  const format: ReportFormat = data.format ?? 'md';
  const now = deps.now();
  const content = renderReport(format, {
    generatedAt: now,
    scannedAt: last?.finishedAt,
    scanId: last?.id,
    accounts: [...new Set(results.map((r) => r.accountId))].sort(),
    results,
    coverage: last?.coverage,
    manual: manualStatuses(deps.config.manualAnswers, now),
    dataMap: dataMaps.maps,
  });
  // The breach register (Art. 33(5)) belongs in the evidence too: every assessment, notified or not.
  const breaches = await deps.breaches(1000);
  const withRegister =
    format === 'md'
      ? `${content}\n${registerMarkdown(breaches)}`
      : format === 'json'
        ? `${JSON.stringify({ ...(JSON.parse(content) as object), breaches: breaches.map(registerEntry) }, null, 2)}\n`
        : content;
  const filename = `gdpr-evidence-${now.toISOString().slice(0, 10)}.${format}`;
  await deps.slack.files.uploadV2({
    channel_id: data.channel,
    filename,
    title: `GDPR evidence report (${format.toUpperCase()})`,
    content: withRegister,
    initial_comment: `GDPR evidence report${data.user ? ` requested by <@${data.user}>` : ''}: per article, check, resource and status${last?.finishedAt ? `, results of ${last.finishedAt}` : ''}.`,
  });
  return { uploaded: filename };
}
