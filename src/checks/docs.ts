import { checksByActionItem } from './registry.js';
import { ACTION_ITEMS, type Check } from './types.js';

/** Where the generated checks table stands in the README. */
export const README_CHECKS_BEGIN = '<!-- checks:begin (generated from the check registry by `npm run docs`; do not edit by hand) -->';
export const README_CHECKS_END = '<!-- checks:end -->';

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/**
 * The README's table of every check, by action item: id, what it demands, articles, severity, scope and
 * the fix it offers. Generated from each check's own metadata, so it cannot drift from the code.
 */
export function checksMarkdown(checks?: readonly Check[]): string {
  const lines = ['| # | Check | What it demands | Articles | Severity | Fix |', '|---|---|---|---|---|---|'];
  for (const [item, list] of checksByActionItem(checks)) {
    for (const c of list) {
      lines.push(
        `| ${item} | \`${c.id}\`${c.scope === 'region' ? ' (per region)' : ''} | ${cell(c.demands)} | ${c.gdpr.join(', ')} | ${c.severity} | ${c.remediation ? `\`${c.remediation}\`` : '—'} |`,
      );
    }
  }
  const items = Object.entries(ACTION_ITEMS).map(([n, title]) => `${n}. ${title}`);
  return [README_CHECKS_BEGIN, '', `Action items: ${items.join(' · ')}.`, '', ...lines, '', README_CHECKS_END].join('\n');
}

/** `readme` with its generated checks table replaced by the current one (throws when the markers are missing). */
export function withChecksTable(readme: string, checks?: readonly Check[]): string {
  const begin = readme.indexOf(README_CHECKS_BEGIN);
  const end = readme.indexOf(README_CHECKS_END);
  if (begin < 0 || end < begin) throw new Error('README.md has no generated checks table (its markers are missing)');
  return readme.slice(0, begin) + checksMarkdown(checks) + readme.slice(end + README_CHECKS_END.length);
}
