import { describe, expect, it } from 'vitest';
import { postureCharts } from '../../src/charts/posture.js';
import { findFont, renderChart } from '../../src/charts/render.js';
import { CHART_COLOURS, ITEM_COLOURS, itemsChart, trendChart } from '../../src/charts/specs.js';
import type { HistoryEntry } from '../../src/checks/store.js';
import type { StatusCounts } from '../../src/checks/summary.js';
import { ACTION_ITEM_NUMBERS, type ActionItem } from '../../src/checks/types.js';
import { countColour, countDark, decodePng, type Box, type DecodedPng } from '../helpers/png.js';

const NOW = new Date('2026-12-01T12:00:00Z');

/** Ten scans over 90 days: the score climbs from 30 % to 75 %; item 1 fails throughout, item 12 is fixed. */
function history(): HistoryEntry[] {
  return Array.from({ length: 10 }, (_, i) => {
    const at = new Date(NOW.getTime() - (9 - i) * 9 * 86_400_000).toISOString();
    const items: HistoryEntry['items'] = {};
    for (const n of ACTION_ITEM_NUMBERS) items[String(n)] = n === 1 ? [1, 3, 0] : n === 12 ? [i, 9 - i, 0] : [2, 1, 1];
    return { scanId: `s${i}`, at, score: 30 + i * 5, items };
  }).reverse(); // newest first, as ResultStore.history gives them
}

function counts(over: Partial<Record<ActionItem, StatusCounts>> = {}): Record<ActionItem, StatusCounts> {
  return Object.fromEntries(ACTION_ITEM_NUMBERS.map((n) => [n, over[n] ?? { passed: 3, failed: 0, errors: 0, notApplicable: 0, waived: 0 }])) as Record<
    ActionItem,
    StatusCounts
  >;
}

/** The bar chart's labels and bars, without the legend on its right. */
function barsArea(png: DecodedPng): Box {
  return { x: 0, y: 0, w: Math.floor(png.width * 0.7), h: png.height };
}

describe('posture charts', () => {
  it('the trend chart is a PNG of the reported size with the score line and the item lines in their colours', async () => {
    const chart = trendChart(history(), NOW)!;
    const rendered = await renderChart(chart);
    const png = decodePng(rendered.png);
    expect([png.width, png.height]).toEqual([rendered.width, rendered.height]);
    // 640 × 280 plot plus title, axes and legend, drawn at twice the size.
    expect(png.width).toBeGreaterThan(1280);
    expect(png.height).toBeGreaterThan(560);
    expect(countColour(png, CHART_COLOURS.background, 0)).toBeGreaterThan(png.width * png.height * 0.5);
    expect(countColour(png, CHART_COLOURS.score, 4)).toBeGreaterThan(500);
    expect(countColour(png, ITEM_COLOURS[1], 4)).toBeGreaterThan(100);
    expect(countColour(png, ITEM_COLOURS[12], 4)).toBeGreaterThan(100);
    // The bar chart's colours are not in it.
    expect(countColour(png, CHART_COLOURS.failed, 4)).toBe(0);
  });

  it('the alt text carries the same numbers: first and last score, each item latest', () => {
    const chart = trendChart(history(), NOW)!;
    expect(chart.altText).toContain('10 scans');
    expect(chart.altText).toContain('30% on 2026-09-11');
    expect(chart.altText).toContain('75% on 2026-12-01');
    expect(chart.altText).toContain('1: 25%');
    expect(chart.altText).toContain('12: 100%');
    expect(chart.altText.length).toBeLessThanOrEqual(2000);
  });

  it('leaves out scans older than 90 days and has no chart without history', () => {
    const old: HistoryEntry = { scanId: 'old', at: '2026-01-01T00:00:00Z', score: 5, items: {} };
    expect(trendChart([old], NOW)).toBeUndefined();
    expect(trendChart([old, ...history()], NOW)!.altText).not.toContain('5% on 2026-01-01');
    expect(postureCharts({ results: [], history: [], now: NOW })).toEqual([]);
  });

  it('the per-item bar chart shows failures in red and "could not check" in amber, and says the counts', async () => {
    const chart = itemsChart(
      counts({
        1: { passed: 2, failed: 5, errors: 0, notApplicable: 0, waived: 0 },
        8: { passed: 1, failed: 0, errors: 4, notApplicable: 0, waived: 0 },
        3: { passed: 1, failed: 0, errors: 0, notApplicable: 0, waived: 3 },
      }),
    );
    expect(chart.altText).toContain('1: 2 passed, 5 failed');
    expect(chart.altText).toContain('8: 1 passed, 0 failed, 4 could not check');
    expect(chart.altText).toContain('2: 3 passed, 0 failed;');
    expect(chart.altText).toContain('3: 1 passed, 0 failed, 3 waived;');
    const png = decodePng((await renderChart(chart)).png);
    expect(png.width).toBeGreaterThan(840);
    const bars = barsArea(png);
    expect(countColour(png, CHART_COLOURS.passed, 2, bars)).toBeGreaterThan(2000);
    expect(countColour(png, CHART_COLOURS.failed, 2, bars)).toBeGreaterThan(500);
    expect(countColour(png, CHART_COLOURS.errors, 2, bars)).toBeGreaterThan(300);
    // A waived failure is drawn as waived, never as a pass.
    expect(countColour(png, CHART_COLOURS.waived, 2, bars)).toBeGreaterThan(300);
  });

  it('an all-passing posture has no red and no amber bars', async () => {
    const png = decodePng((await renderChart(itemsChart(counts()))).png);
    const bars = barsArea(png);
    expect(countColour(png, CHART_COLOURS.passed, 2, bars)).toBeGreaterThan(2000);
    expect(countColour(png, CHART_COLOURS.failed, 2, bars)).toBe(0);
    expect(countColour(png, CHART_COLOURS.errors, 2, bars)).toBe(0);
    expect(countColour(png, CHART_COLOURS.waived, 2, bars)).toBe(0);
    // The legend (right of the bars) still names all three.
    expect(countColour(png, CHART_COLOURS.failed, 2)).toBeGreaterThan(0);
  });

  it.runIf(findFont() !== undefined)('draws its text with the font found on this machine; without one, no text at all', async () => {
    const chart = itemsChart(counts());
    const withFont = await renderChart(chart);
    const without = await renderChart(chart, { font: null });
    expect(withFont.text).toBe(true);
    expect(without.text).toBe(false);
    const a = decodePng(withFont.png);
    const b = decodePng(without.png);
    // The labels left of the bars (the item names) are dark text; without a font the chart has none.
    const labels = { x: 0, y: 0, w: Math.floor(a.width / 3), h: a.height };
    expect(countDark(a, labels)).toBeGreaterThan(1000);
    expect(countDark(b, { x: 0, y: 0, w: b.width, h: b.height })).toBe(0);
  });
});
