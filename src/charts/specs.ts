import type { HistoryEntry } from '../checks/store.js';
import type { StatusCounts } from '../checks/summary.js';
import { ACTION_ITEM_NUMBERS, ACTION_ITEMS, type ActionItem } from '../checks/types.js';

/**
 * The posture charts as Vega-Lite specs, with alt text carrying the same numbers. Pure: data in, spec
 * out (src/charts/render.ts turns a spec into PNG bytes). Colours are fixed so a reader (and a test) can
 * tell passed, failed and "could not check" apart.
 */

/** The colours of the charts. */
export const CHART_COLOURS = {
  passed: '#2a9d8f',
  failed: '#e63946',
  errors: '#f4a261',
  /** Failures an approver accepted as a risk: not passing, not failing either. */
  waived: '#8e7cc3',
  /** The overall score's line. */
  score: '#1d3557',
  background: '#ffffff',
} as const;

/** One colour per action item's line in the trend chart (the overall score is {@link CHART_COLOURS.score}). */
export const ITEM_COLOURS: Record<ActionItem, string> = {
  1: '#4e79a7',
  2: '#f28e2b',
  3: '#59a14f',
  4: '#b07aa1',
  5: '#76b7b2',
  6: '#edc948',
  7: '#ff9da7',
  8: '#9c755f',
  9: '#8cd17d',
  10: '#d37295',
  11: '#499894',
  12: '#86bcb6',
  13: '#a0cbe8',
  14: '#79706e',
};

/** Slack's image block takes at most 2000 characters of alt text. */
export const ALT_TEXT_MAX = 2000;

/** A chart to draw: the spec, its size and what it shows in words. */
export interface ChartSpec {
  name: 'posture-trend' | 'posture-items';
  title: string;
  /** Vega-Lite (v5/v6) top-level spec. */
  spec: Record<string, unknown>;
  altText: string;
}

/** An action item's score in a history entry: passed / evaluated checks, `undefined` when none was evaluated. */
export function itemScore([passed, failed, errors]: readonly [number, number, number]): number | undefined {
  const evaluated = passed + failed + errors;
  return evaluated === 0 ? undefined : Math.round((passed / evaluated) * 100);
}

const day = (iso: string) => iso.slice(0, 10);

function clip(text: string, max = ALT_TEXT_MAX): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** History entries of the last `days` days before `now`, oldest first. */
export function recentHistory(history: readonly HistoryEntry[], now: Date, days = 90): HistoryEntry[] {
  const from = now.getTime() - days * 86_400_000;
  return history.filter((h) => Date.parse(h.at) >= from && Date.parse(h.at) <= now.getTime()).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/**
 * The trend chart: the overall score and each action item's score per scan over the last `days` days.
 * `history` may come in any order (ResultStore.history gives newest first). `undefined` without history.
 */
export function trendChart(history: readonly HistoryEntry[], now: Date, days = 90): ChartSpec | undefined {
  const points = recentHistory(history, now, days);
  if (points.length === 0) return undefined;
  const values: { at: string; series: string; score: number }[] = [];
  for (const h of points) {
    values.push({ at: h.at, series: 'Overall', score: h.score });
    for (const n of ACTION_ITEM_NUMBERS) {
      const counts = h.items[String(n)];
      const score = counts ? itemScore(counts) : undefined;
      if (score !== undefined) values.push({ at: h.at, series: `${n}`, score });
    }
  }
  const first = points[0]!;
  const last = points[points.length - 1]!;
  const latestItems = ACTION_ITEM_NUMBERS.map((n) => {
    const counts = last.items[String(n)];
    const score = counts ? itemScore(counts) : undefined;
    return `${n}: ${score === undefined ? 'not evaluated' : `${score}%`}`;
  });
  const altText = clip(
    `Posture score over the last ${days} days (${points.length} scan${points.length === 1 ? '' : 's'}): ${first.score}% on ${day(first.at)}` +
      (points.length > 1 ? `, ${last.score}% on ${day(last.at)}` : '') +
      `. Latest per action item: ${latestItems.join(', ')}.`,
  );
  const domain = ['Overall', ...ACTION_ITEM_NUMBERS.map(String)];
  const range = [CHART_COLOURS.score, ...ACTION_ITEM_NUMBERS.map((n) => ITEM_COLOURS[n])];
  return {
    name: 'posture-trend',
    title: `GDPR posture, last ${days} days`,
    altText,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      title: `GDPR posture score, last ${days} days`,
      width: 640,
      height: 280,
      background: CHART_COLOURS.background,
      data: { values },
      mark: { type: 'line', point: points.length < 40, strokeWidth: 2 },
      encoding: {
        x: {
          field: 'at',
          type: 'temporal',
          title: null,
          axis: { format: '%d %b' },
          scale: { domain: [new Date(now.getTime() - days * 86_400_000).toISOString(), now.toISOString()] },
        },
        y: { field: 'score', type: 'quantitative', title: 'Score (%)', scale: { domain: [0, 100] } },
        color: { field: 'series', type: 'nominal', sort: domain, title: 'Action item', scale: { domain, range } },
        strokeWidth: { condition: { test: "datum.series === 'Overall'", value: 4 }, value: 1.5 },
      },
    },
  };
}

/** The per-item bar chart: for each action item, its checks that passed, failed and could not be checked. */
export function itemsChart(byActionItem: Record<ActionItem, StatusCounts>): ChartSpec {
  const values: { item: string; label: string; status: string; count: number; order: number }[] = [];
  const lines: string[] = [];
  for (const n of ACTION_ITEM_NUMBERS) {
    const c = byActionItem[n];
    const label = `${n}. ${ACTION_ITEMS[n]}`;
    values.push(
      { item: String(n), label, status: 'passed', count: c.passed, order: 0 },
      { item: String(n), label, status: 'failed', count: c.failed, order: 1 },
      { item: String(n), label, status: 'could not check', count: c.errors, order: 2 },
      { item: String(n), label, status: 'waived', count: c.waived, order: 3 },
    );
    lines.push(`${n}: ${c.passed} passed, ${c.failed} failed${c.errors ? `, ${c.errors} could not check` : ''}${c.waived ? `, ${c.waived} waived` : ''}`);
  }
  return {
    name: 'posture-items',
    title: 'Checks per action item',
    altText: clip(`Checks per action item (passed, failed, could not check, waived): ${lines.join('; ')}.`),
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      title: 'Checks per action item',
      width: 420,
      height: 14 * 22,
      background: CHART_COLOURS.background,
      data: { values },
      mark: 'bar',
      encoding: {
        y: {
          field: 'label',
          type: 'nominal',
          title: null,
          axis: { labelLimit: 260 },
          sort: ACTION_ITEM_NUMBERS.map((n) => values.find((v) => v.item === String(n))!.label),
        },
        x: { field: 'count', type: 'quantitative', title: 'Checks', stack: 'zero', axis: { format: 'd', tickMinStep: 1 } },
        color: {
          field: 'status',
          type: 'nominal',
          title: null,
          sort: ['passed', 'failed', 'could not check', 'waived'],
          scale: {
            domain: ['passed', 'failed', 'could not check', 'waived'],
            range: [CHART_COLOURS.passed, CHART_COLOURS.failed, CHART_COLOURS.errors, CHART_COLOURS.waived],
          },
        },
        order: { field: 'order', type: 'quantitative' },
      },
    },
  };
}
