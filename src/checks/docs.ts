import { PUBLIC_MAPPINGS, type PublicMapping } from './mappings.js';
import { checksByActionItem } from './registry.js';
import { ACTION_ITEMS, type Check } from './types.js';
import { fixOf } from '../remediations/catalog/index.js';

/** Where the generated checks table stands in the README. */
export const README_CHECKS_BEGIN = '<!-- checks:begin (generated from the check registry by `npm run docs`; do not edit by hand) -->';
export const README_CHECKS_END = '<!-- checks:end -->';

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/**
 * The README's table of every check, by action item: id, what it demands, articles, severity, scope and
 * the fix it offers. Generated from each check's own metadata and the `fixes` of the remediation catalog
 * (src/remediations/catalog/), so it cannot drift from the code.
 */
export function checksMarkdown(checks?: readonly Check[]): string {
  const lines = ['| # | Check | What it demands | Articles | Severity | Fix |', '|---|---|---|---|---|---|'];
  for (const [item, list] of checksByActionItem(checks)) {
    for (const c of list) {
      const fix = fixOf(c.id)?.id;
      lines.push(
        `| ${item} | \`${c.id}\`${c.scope === 'region' ? ' (per region)' : ''} | ${cell(c.demands)} | ${c.gdpr.join(', ')} | ${c.severity} | ${fix ? `\`${fix}\`` : '—'} |`,
      );
    }
  }
  const items = Object.entries(ACTION_ITEMS).map(([n, title]) => `${n}. ${title}`);
  return [README_CHECKS_BEGIN, '', `Action items: ${items.join(' · ')}.`, '', ...lines, '', README_CHECKS_END].join('\n');
}

/** `readme` with its generated checks table replaced by the current one (throws when the markers are missing). */
export function withChecksTable(readme: string, checks?: readonly Check[]): string {
  return between(readme, README_CHECKS_BEGIN, README_CHECKS_END, checksMarkdown(checks), 'checks table');
}

/** Where the generated coverage table (against the public GDPR mappings) stands in the README. */
export const README_MAPPINGS_BEGIN = '<!-- mappings:begin (generated from src/checks/mappings.ts by `npm run docs`; do not edit by hand) -->';
export const README_MAPPINGS_END = '<!-- mappings:end -->';

/**
 * The README's coverage against each public mapping: how many of its controls have a counterpart here,
 * and a row per control with the checks that answer it or why none does.
 */
export function mappingsMarkdown(mappings: readonly PublicMapping[] = PUBLIC_MAPPINGS): string {
  const out: string[] = [README_MAPPINGS_BEGIN, ''];
  for (const m of mappings) {
    const covered = m.controls.filter((x) => x.counterparts.length > 0).length;
    out.push(`**${m.name}** (${m.source}): ${covered} of ${m.controls.length} controls have a counterpart here.`, '');
    out.push(`| ${m.name} control | Checked here by | Note |`, '|---|---|---|');
    for (const x of m.controls) {
      out.push(`| \`${x.id}\` | ${x.counterparts.length > 0 ? x.counterparts.map((id) => `\`${id}\``).join(', ') : '—'} | ${cell(x.why ?? '')} |`);
    }
    out.push('');
  }
  out.push(README_MAPPINGS_END);
  return out.join('\n');
}

function between(readme: string, beginMarker: string, endMarker: string, body: string, what: string): string {
  const begin = readme.indexOf(beginMarker);
  const end = readme.indexOf(endMarker);
  if (begin < 0 || end < begin) throw new Error(`README.md has no generated ${what} (its markers are missing)`);
  return readme.slice(0, begin) + body + readme.slice(end + endMarker.length);
}

/** `readme` with both generated tables (checks, coverage against the public mappings) replaced by the current ones. */
export function withGeneratedTables(readme: string, checks?: readonly Check[]): string {
  return between(withChecksTable(readme, checks), README_MAPPINGS_BEGIN, README_MAPPINGS_END, mappingsMarkdown(), 'coverage table');
}
