import { existsSync } from 'node:fs';
import type { ChartSpec } from './specs.js';

/**
 * Server-side chart rendering: Vega-Lite spec → Vega view (no renderer, no browser) → SVG → PNG with
 * resvg (a prebuilt binary from the registry, no native build). The three libraries are loaded on the
 * first chart only (`import()`), so a web process that never draws one never loads them.
 */

/** A rendered chart. */
export interface RenderedChart {
  name: ChartSpec['name'];
  title: string;
  altText: string;
  png: Buffer;
  width: number;
  height: number;
  /** False when no font was found: the chart was drawn without its labels (the alt text still has every number). */
  text: boolean;
}

/** Font files looked for, in order (Debian/Ubuntu, Alpine, Fedora, macOS). resvg draws no text without one. */
export const FONT_CANDIDATES: readonly string[] = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/ttf-dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
  '/usr/share/fonts/liberation-sans/LiberationSans-Regular.ttf',
  '/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf',
  '/usr/share/fonts/noto/NotoSans-Regular.ttf',
  '/System/Library/Fonts/Supplemental/Arial.ttf',
];

/** The first font file of `candidates` that exists, if any. */
export function findFont(candidates: readonly string[] = FONT_CANDIDATES): string | undefined {
  return candidates.find((f) => existsSync(f));
}

/** The spec without any text (titles, axis labels, legend): for a machine without fonts, where resvg would draw none anyway. */
function withoutText(spec: Record<string, unknown>): Record<string, unknown> {
  const { title: _title, ...rest } = spec;
  return { ...rest, config: { ...(spec.config as object | undefined), axis: { labels: false, title: null }, legend: { disable: true } } };
}

type VegaModules = { vl: typeof import('vega-lite'); vega: typeof import('vega'); resvg: typeof import('@resvg/resvg-js') };
let modules: Promise<VegaModules> | undefined;

function load(): Promise<VegaModules> {
  modules ??= Promise.all([import('vega-lite'), import('vega'), import('@resvg/resvg-js')]).then(([vl, vega, resvg]) => ({ vl, vega, resvg }));
  return modules;
}

/** Draws `chart` as PNG at `scale` (2 = sharp on high-density screens). `font` defaults to {@link findFont}. */
export async function renderChart(chart: ChartSpec, options: { scale?: number; font?: string | null } = {}): Promise<RenderedChart> {
  const { vl, vega, resvg } = await load();
  const font = options.font === null ? undefined : (options.font ?? findFont());
  const spec = font
    ? { ...chart.spec, config: { ...(chart.spec.config as object | undefined), font: 'DejaVu Sans, Liberation Sans, Noto Sans, Arial, sans-serif' } }
    : withoutText(chart.spec);
  const compiled = vl.compile(spec as unknown as Parameters<typeof vl.compile>[0]).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  let svg: string;
  try {
    svg = await view.toSVG();
  } finally {
    view.finalize();
  }
  const scale = options.scale ?? 2;
  const image = new resvg.Resvg(svg, {
    background: '#ffffff',
    fitTo: { mode: 'zoom', value: scale },
    font: font ? { loadSystemFonts: false, fontFiles: [font], defaultFontFamily: familyOf(font) } : { loadSystemFonts: false },
  }).render();
  return {
    name: chart.name,
    title: chart.title,
    altText: chart.altText,
    png: Buffer.from(image.asPng()),
    width: image.width,
    height: image.height,
    text: Boolean(font),
  };
}

function familyOf(file: string): string {
  if (/DejaVu/i.test(file)) return 'DejaVu Sans';
  if (/Liberation/i.test(file)) return 'Liberation Sans';
  if (/Noto/i.test(file)) return 'Noto Sans';
  return 'Arial';
}
