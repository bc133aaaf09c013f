import type { HistoryEntry } from '../checks/store.js';
import { summarize } from '../checks/summary.js';
import type { CheckResult } from '../checks/types.js';
import { itemsChart, trendChart, type ChartSpec } from './specs.js';

/** How many history entries the trend chart reads at most (90 days of scans every couple of hours). */
export const TREND_HISTORY_LIMIT = 1000;

/** The posture charts for the latest results and the history: the trend (when there is history) and the per-item bars (when there are results). */
export function postureCharts(input: { results: readonly CheckResult[]; history: readonly HistoryEntry[]; now: Date; days?: number }): ChartSpec[] {
  const charts: ChartSpec[] = [];
  const trend = trendChart(input.history, input.now, input.days ?? 90);
  if (trend) charts.push(trend);
  if (input.results.length > 0) charts.push(itemsChart(summarize(input.results).byActionItem));
  return charts;
}
