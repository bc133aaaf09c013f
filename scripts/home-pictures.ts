/**
 * `npx tsx scripts/home-pictures.ts`: draws the README's pictures into docs/ from synthetic data: the two
 * posture charts (the bot's own renderer, src/charts/) and a picture of the Home tab (the bot's own Home
 * view, src/home/messages.ts, laid out roughly as Slack shows it and rasterised with the same resvg).
 * No Slack, no AWS, no browser.
 */
import { writeFileSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import { findFont, renderChart } from '../src/charts/render.js';
import { itemsChart, trendChart } from '../src/charts/specs.js';
import type { HistoryEntry } from '../src/checks/store.js';
import { CHECKS } from '../src/checks/registry.js';
import { summarize, worstFailures } from '../src/checks/summary.js';
import { ACTION_ITEM_NUMBERS, CheckStatus, type CheckResult } from '../src/checks/types.js';
import { configSchema } from '../src/config/schema.js';
import { homeView } from '../src/home/messages.js';
import { setupChecklist } from '../src/home/setup.js';
import type { HomeInput } from '../src/home/types.js';

const NOW = new Date('2026-12-01T09:00:00Z');
const ACCOUNT = '123456789012';
const docs = (name: string) => new URL(`../docs/${name}`, import.meta.url);

// A synthetic account: every check passes except these (the demo account's usual suspects).
const FAILING: Record<string, string[]> = {
  s3_bucket_public_access_blocked: ['customer-exports', 'build-logs'],
  s3_bucket_default_encryption: ['customer-exports'],
  iam_user_console_mfa_enabled: ['alice', 'bob', 'carol'],
  guardduty_enabled: ['eu-west-1'],
  ebs_default_encryption: ['eu-west-1'],
  cloudtrail_log_file_validation: ['org-trail'],
  kms_customer_keys_rotation: ['key/1f2e3d'],
  vpc_flow_logs_enabled: ['vpc-0a1b2c'],
};
const results: CheckResult[] = CHECKS.flatMap((c): CheckResult[] => {
  const bad = FAILING[c.id];
  if (!bad) return [{ checkId: c.id, accountId: ACCOUNT, region: 'eu-west-1', status: CheckStatus.Pass, resource: `${ACCOUNT}/eu-west-1`, message: 'OK' }];
  return bad.map((r) => ({
    checkId: c.id,
    accountId: ACCOUNT,
    region: 'eu-west-1',
    status: CheckStatus.Fail,
    resource: `arn:aws:::${r}`,
    message: `${r}: ${c.title.toLowerCase()} is not the case`,
  }));
});
results.push({
  checkId: 'inspector_enabled',
  accountId: ACCOUNT,
  region: 'eu-west-1',
  status: CheckStatus.Error,
  resource: `${ACCOUNT}/eu-west-1`,
  message: 'AccessDeniedException on inspector2:BatchGetAccountStatus',
});
const summary = summarize(results);

// 90 days of daily-ish scans: the score climbs as fixes are approved.
const history: HistoryEntry[] = Array.from({ length: 30 }, (_, i) => {
  const at = new Date(NOW.getTime() - (29 - i) * 3 * 86_400_000).toISOString();
  const items: HistoryEntry['items'] = {};
  for (const n of ACTION_ITEM_NUMBERS) {
    const c = summary.byActionItem[n];
    const extra = Math.max(0, Math.round(((29 - i) / 29) * (n % 4)));
    items[String(n)] = [Math.max(0, c.passed - extra), c.failed + extra, c.errors];
  }
  const p = Object.values(items).reduce((s, [a]) => s + a, 0);
  const all = Object.values(items).reduce((s, [a, b, e]) => s + a + b + e, 0);
  return { scanId: `scan-${i}`, at, score: Math.round((p / all) * 100), items };
});
history[history.length - 1]!.score = summary.score;

const trend = trendChart(history, NOW)!;
const items = itemsChart(summary.byActionItem);
const [trendPng, itemsPng] = [await renderChart(trend), await renderChart(items)];
writeFileSync(docs('posture-trend.png'), trendPng.png);
writeFileSync(docs('posture-items.png'), itemsPng.png);

const input: HomeInput = {
  now: NOW,
  userId: 'U0000APPR1',
  approver: true,
  posture: {
    summary,
    failures: worstFailures(results),
    lastScanAt: NOW.toISOString(),
    scanId: 'scan-29',
    trend: { scans: history.length, firstScore: history[0]!.score, firstAt: history[0]!.at, lastScore: summary.score, lastAt: NOW.toISOString(), days: 90 },
  },
  approvals: [
    {
      id: 'R3F9A0C21B7',
      title: 'Block public access on an S3 bucket',
      where: `arn:aws:s3:::customer-exports · account ${ACCOUNT}`,
      risk: 'medium',
      requestedBy: 'U0000USER',
      expiresAt: '2026-12-02T09:00:00Z',
      approvals: 0,
      minApprovals: 1,
    },
  ],
  breaches: [{ id: 'BR-5c0ffee1', title: 'customer-exports bucket was public', clock: '41 h left', overdue: false }],
  grants: [
    {
      id: 'ax-1a2b3c4d',
      kind: 'grant',
      requester: 'U0000APPR1',
      role: 'readonly',
      roleArn: `arn:aws:iam::${ACCOUNT}:role/readonly`,
      durationMs: 3600_000,
      justification: '',
      breakglass: false,
      minApprovals: 1,
      status: 'active',
      createdAt: NOW.getTime(),
      pendingUntil: NOW.getTime(),
      approvals: [],
      grantStart: NOW.getTime() - 900_000,
      grantEnd: NOW.getTime() + 45 * 60_000,
      version: 3,
    },
  ],
  setup: setupChecklist(
    configSchema.parse({ approvers: { users: ['U0000APPR1'] }, channels: { approvals: 'C0000APPR', audit: 'C0000AUDT' } }),
    results,
    undefined,
  ),
  charts: [
    { fileId: 'trend', title: trend.title, altText: trend.altText },
    { fileId: 'items', title: items.title, altText: items.altText },
  ],
};
const images: Record<string, { png: Buffer; width: number; height: number }> = { trend: trendPng, items: itemsPng };

// A rough Slack-like layout of the view's blocks: enough to show what the tab holds.
const WIDTH = 900;
const PAD = 24;
const CHAR = 7.6;
const EMOJI: Record<string, string> = {
  x: '✗',
  warning: '⚠',
  white_check_mark: '✓',
  key: '•',
  white_large_square: '☐',
  chart_with_upwards_trend: '↗',
  chart_with_downwards_trend: '↘',
  heavy_minus_sign: '–',
  large_orange_circle: '●',
  large_green_circle: '●',
  red_circle: '●',
  hourglass_flowing_sand: '○',
  rotating_light: '!',
};
const plain = (t: string) =>
  t
    .replace(/<!date\^\d+\^[^|]*\|([^>]+)>/g, (_, iso: string) => iso.slice(0, 16).replace('T', ' '))
    .replace(/<@(\w+)>/g, '@$1')
    .replace(/:([a-z_]+):/g, (m, name: string) => EMOJI[name] ?? m)
    .replace(/[*`]/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
function wrap(text: string, width: number): string[] {
  const max = Math.floor(width / CHAR);
  return text.split('\n').flatMap((line) => {
    const out: string[] = [];
    let cur = '';
    for (const word of line.split(' ')) {
      if ((cur + ' ' + word).trim().length > max) {
        out.push(cur);
        cur = word;
      } else cur = (cur + ' ' + word).trim();
    }
    out.push(cur);
    return out;
  });
}
const parts: string[] = [];
let y = PAD;
const buttonSvg = (x: number, yy: number, label: string, style?: string) => {
  const w = label.length * CHAR + 24;
  const fill = style === 'primary' ? '#007a5a' : style === 'danger' ? '#ffffff' : '#ffffff';
  const colour = style === 'primary' ? '#ffffff' : style === 'danger' ? '#e01e5a' : '#1d1c1d';
  parts.push(
    `<rect x="${x}" y="${yy}" width="${w}" height="30" rx="4" fill="${fill}" stroke="#bbbbbb"/><text x="${x + 12}" y="${yy + 20}" font-size="13" font-weight="bold" fill="${colour}">${esc(label)}</text>`,
  );
  return w;
};
type B = {
  type: string;
  text?: { text: string };
  elements?: { type: string; text?: string | { text: string } }[];
  accessory?: { text: { text: string }; style?: string };
  slack_file?: { id: string };
  title?: { text: string };
};
for (const block of homeView(input).blocks as unknown as B[]) {
  if (block.type === 'header') {
    parts.push(`<text x="${PAD}" y="${y + 24}" font-size="22" font-weight="bold" fill="#1d1c1d">${esc(plain(block.text!.text))}</text>`);
    y += 40;
  } else if (block.type === 'context') {
    for (const line of wrap(plain(String((block.elements?.[0] as { text: string }).text)), WIDTH - 2 * PAD)) {
      parts.push(`<text x="${PAD}" y="${y + 14}" font-size="12" fill="#616061">${esc(line)}</text>`);
      y += 18;
    }
    y += 8;
  } else if (block.type === 'divider') {
    parts.push(`<line x1="${PAD}" x2="${WIDTH - PAD}" y1="${y + 8}" y2="${y + 8}" stroke="#dddddd"/>`);
    y += 18;
  } else if (block.type === 'section') {
    const lines = wrap(plain(block.text!.text), WIDTH - 2 * PAD - (block.accessory ? 170 : 0));
    const top = y;
    lines.forEach((line, i) => {
      parts.push(`<text x="${PAD}" y="${y + 16}" font-size="14" fill="#1d1c1d"${i === 0 ? ' font-weight="bold"' : ''}>${esc(line)}</text>`);
      y += 21;
    });
    if (block.accessory) buttonSvg(WIDTH - PAD - (block.accessory.text.text.length * CHAR + 24), top, block.accessory.text.text, block.accessory.style);
    y += 10;
  } else if (block.type === 'actions') {
    let x = PAD;
    for (const e of block.elements as { text: { text: string }; style?: string }[]) x += buttonSvg(x, y, e.text.text, e.style) + 8;
    y += 44;
  } else if (block.type === 'image') {
    const img = images[block.slack_file!.id]!;
    const w = Math.min(WIDTH - 2 * PAD, img.width / 2);
    const h = (img.height / img.width) * w;
    parts.push(`<text x="${PAD}" y="${y + 14}" font-size="13" fill="#616061">${esc(block.title?.text ?? '')}</text>`);
    parts.push(`<image x="${PAD}" y="${y + 22}" width="${w}" height="${h}" href="data:image/png;base64,${img.png.toString('base64')}"/>`);
    y += h + 34;
  }
}
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${y + PAD}" font-family="DejaVu Sans"><rect width="100%" height="100%" fill="#ffffff"/>${parts.join('')}</svg>`;
const font = findFont();
const png = new Resvg(svg, {
  fitTo: { mode: 'zoom', value: 1.5 },
  font: font ? { loadSystemFonts: false, fontFiles: [font], defaultFontFamily: 'DejaVu Sans' } : { loadSystemFonts: true },
})
  .render()
  .asPng();
writeFileSync(docs('home-tab.png'), png);
process.stderr.write('docs/posture-trend.png, docs/posture-items.png and docs/home-tab.png written\n');
