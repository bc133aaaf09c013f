import type { Button, HomeView, KnownBlock, SectionBlock } from '@slack/types';
import { ACCESS_ACTIONS, slackTime } from '../access/messages.js';
import { formatDuration } from '../config/duration.js';
import { ACTION_ITEM_NUMBERS, ACTION_ITEMS } from '../checks/types.js';
import { ACTIONS as REMEDIATION_ACTIONS } from '../remediations/messages.js';
import { clip, LIMITS } from '../slack/limits.js';
import { code, escapeMrkdwn } from '../slack/mrkdwn.js';
import { encodeFixValue, PERSONAL_DATA_BADGE, POSTURE_ACTIONS } from '../checks/messages.js';
import type { HomeInput, PendingApproval } from './types.js';
import { fixOf } from '../remediations/catalog/index.js';

/**
 * The bot's Home tab, per person, as a pure function of typed data ({@link HomeInput}): the posture
 * score and its trend, the charts, the failing action items, the riskiest failures with **Fix**, pending
 * approvals (approvers only) with **Approve** / **Reject**, the viewer's own grants with **End access
 * now**, and what is not set up yet. The buttons are the ones of the messages (same action ids), so every
 * click is checked on the server as there. Lists are capped so the view stays within Slack's 100 blocks
 * whatever the number of failures; AWS text is escaped.
 */

/** How many of each list the Home tab shows; the rest is counted and pointed to. */
export const HOME_LIMITS = { failures: 10, approvals: 8, grants: 8, breaches: 10 } as const;

/** Slack takes up to 100 blocks in a Home tab. */
export const HOME_MAX_BLOCKS = LIMITS.blocksPerModal;

/** A failure's message is cut to this many characters on the Home tab (the report has it whole). */
const MESSAGE_MAX = 300;

const RISK_ICON = { low: ':large_green_circle:', medium: ':large_orange_circle:', high: ':red_circle:' } as const;

function section(text: string, accessory?: Button): SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: text.slice(0, LIMITS.sectionText) }, ...(accessory ? { accessory } : {}) };
}

function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger'): Button {
  return { type: 'button', text: { type: 'plain_text', text: text.slice(0, LIMITS.buttonText) }, action_id: actionId, value, ...(style ? { style } : {}) };
}

function heading(text: string): KnownBlock {
  return { type: 'header', text: { type: 'plain_text', text: text.slice(0, 150) } };
}

function trendLine(input: HomeInput): string | undefined {
  const t = input.posture?.trend;
  if (!t || t.scans < 2) return undefined;
  const delta = t.lastScore - t.firstScore;
  const arrow = delta > 0 ? ':chart_with_upwards_trend:' : delta < 0 ? ':chart_with_downwards_trend:' : ':heavy_minus_sign:';
  return `${arrow} ${delta > 0 ? '+' : ''}${delta} points over the last ${t.days} days (${t.firstScore}% on ${t.firstAt.slice(0, 10)} → ${t.lastScore}% on ${t.lastAt.slice(0, 10)}, ${t.scans} scans)`;
}

function approvalBlocks(a: PendingApproval): KnownBlock[] {
  return [
    section(
      `${RISK_ICON[a.risk]} *${escapeMrkdwn(a.title)}* on ${code(a.where)}\nasked by <@${a.requestedBy}> · ${a.approvals}/${a.minApprovals} approvals · expires ${slackTime(Date.parse(a.expiresAt))} · request ${code(a.id)}`,
    ),
    {
      type: 'actions',
      block_id: `home-remediation:${a.id}`,
      elements: [
        {
          ...button('Approve', REMEDIATION_ACTIONS.approve, a.id, 'primary'),
          // From the Home tab the plan is not on screen: the confirmation says where to read it.
          confirm: {
            title: { type: 'plain_text', text: 'Approve this fix?' },
            text: {
              type: 'mrkdwn',
              text: `${escapeMrkdwn(a.title)} on ${code(a.where)}. The plan (exactly what changes) is in the approval message.`.slice(0, 300),
            },
            confirm: { type: 'plain_text', text: 'Approve' },
            deny: { type: 'plain_text', text: 'Cancel' },
            ...(a.risk === 'high' ? { style: 'danger' as const } : {}),
          },
        },
        button('Reject', REMEDIATION_ACTIONS.reject, a.id, 'danger'),
      ],
    },
  ];
}

/** The Home tab of `input.userId`. */
export function homeView(input: HomeInput): HomeView {
  const blocks: KnownBlock[] = [];
  const { posture } = input;
  if (!posture) {
    blocks.push(heading('GDPR posture: no scan yet'));
    blocks.push(section('No scan results yet. Run `/gdpr scan` to check the AWS account(s) against the 14 action items; this tab fills in when it is done.'));
  } else {
    const { summary } = posture;
    const nothingChecked = summary.checks.passed + summary.checks.failed + summary.checks.waived === 0 && summary.checks.errors > 0;
    blocks.push(heading(`GDPR posture: ${nothingChecked ? 'nothing could be checked' : `${summary.score}%`}`));
    const counts = `${summary.checks.passed} passed · ${summary.checks.failed} failed${summary.checks.errors ? ` · ${summary.checks.errors} could not check` : ''}${summary.checks.waived ? ` · ${summary.checks.waived} waived` : ''}`;
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `Checks: ${counts} · last scan ${posture.lastScanAt ? slackTime(Date.parse(posture.lastScanAt)) : 'unknown'}${posture.scanId ? ` (${code(posture.scanId)})` : ''}`,
        },
      ],
    });
    const trend = trendLine(input);
    if (trend) blocks.push(section(trend));
    for (const chart of input.charts.slice(0, 2)) {
      blocks.push({
        type: 'image',
        slack_file: { id: chart.fileId },
        alt_text: chart.altText.slice(0, 2000),
        title: { type: 'plain_text', text: chart.title.slice(0, 2000) },
      });
    }
    const failingItems = ACTION_ITEM_NUMBERS.filter(
      (n) => summary.byActionItem[n].failed > 0 || summary.byActionItem[n].errors > 0 || summary.byActionItem[n].waived > 0,
    );
    blocks.push({ type: 'divider' });
    if (failingItems.length === 0) {
      blocks.push(section(':white_check_mark: *Every action item passes* (of what was checked).'));
    } else {
      const lines = failingItems.map((n) => {
        const c = summary.byActionItem[n];
        return `${c.failed > 0 ? ':x:' : c.errors > 0 ? ':warning:' : ':pause_button:'} *${n}. ${ACTION_ITEMS[n]}*: ${c.failed} failing${c.errors ? `, ${c.errors} could not check` : ''}${c.waived ? `, ${c.waived} waived (accepted risk, not passing)` : ''}`;
      });
      blocks.push(section(`*Action items failing* (${failingItems.length} of 14)\n${lines.join('\n')}`));
    }
    if (posture.failures.length > 0) {
      blocks.push({ type: 'divider' });
      blocks.push(section(`*Riskiest failures* (${posture.failures.length} in all)`));
      for (const { result, check, personal } of posture.failures.slice(0, HOME_LIMITS.failures)) {
        const value = fixOf(check.id)
          ? encodeFixValue({ checkId: check.id, accountId: result.accountId, region: result.region, resource: result.resource })
          : undefined;
        blocks.push(
          section(
            `*[${check.severity}] ${escapeMrkdwn(check.title)}* (${code(check.id)}, item ${check.actionItem})${personal ? ` ${PERSONAL_DATA_BADGE}` : ''}\n${escapeMrkdwn(clip(result.message, MESSAGE_MAX))}`,
            value ? button('Fix', POSTURE_ACTIONS.fix, value, 'primary') : undefined,
          ),
        );
      }
      const rest = posture.failures.length - HOME_LIMITS.failures;
      if (rest > 0)
        blocks.push({
          type: 'context',
          elements: [{ type: 'mrkdwn', text: `…and ${rest} more: \`/gdpr status\` → *Details*, or \`/gdpr report\` for every one.` }],
        });
    }
  }
  if (input.approver && input.approvals.length > 0) {
    blocks.push({ type: 'divider' });
    blocks.push(section(`*Fixes waiting for your approval* (${input.approvals.length})`));
    for (const a of input.approvals.slice(0, HOME_LIMITS.approvals)) blocks.push(...approvalBlocks(a));
    const rest = input.approvals.length - HOME_LIMITS.approvals;
    if (rest > 0) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${rest} more in the approval channel.` }] });
  }
  const breaches = input.breaches ?? [];
  if (breaches.length > 0) {
    blocks.push({ type: 'divider' });
    const lines = breaches
      .slice(0, HOME_LIMITS.breaches)
      .map(
        (b) =>
          `${b.overdue ? ':rotating_light:' : ':hourglass_flowing_sand:'} ${code(b.id)} ${escapeMrkdwn(clip(b.title, 150))}: *${b.clock}*${b.decision ? ` · decision: ${b.decision}` : ' · no decision yet'}`,
      );
    const rest = breaches.length - HOME_LIMITS.breaches;
    if (rest > 0) lines.push(`…and ${rest} more: \`/gdpr breach list\`.`);
    blocks.push(section(`*Open breach assessments* (${breaches.length}; the Art. 33 clock runs from awareness)\n${lines.join('\n')}`));
  }
  if (input.grants.length > 0) {
    blocks.push({ type: 'divider' });
    blocks.push(section(`*Your AWS access* (${input.grants.length} open)`));
    for (const g of input.grants.slice(0, HOME_LIMITS.grants)) {
      const left = g.grantEnd ? `ends ${slackTime(g.grantEnd)} (${formatDuration(Math.max(0, g.grantEnd - input.now.getTime()))} left)` : 'opening';
      blocks.push(
        section(`:key: ${code(g.role)} · grant ${code(g.id)} · ${g.status} · ${left}`, {
          ...button('End access now', ACCESS_ACTIONS.revoke, g.id, 'danger'),
          confirm: {
            title: { type: 'plain_text', text: 'End access now?' },
            text: { type: 'plain_text', text: 'Every session of this grant stops working.' },
            confirm: { type: 'plain_text', text: 'End access' },
            deny: { type: 'plain_text', text: 'Keep it' },
          },
        }),
      );
    }
    const rest = input.grants.length - HOME_LIMITS.grants;
    if (rest > 0) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${rest} more: \`/gdpr access list\`.` }] });
  }
  const open = input.setup.filter((s) => !s.done);
  blocks.push({ type: 'divider' });
  if (open.length === 0) {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `:white_check_mark: Set-up complete (${input.setup.length} of ${input.setup.length}). \`gdpr-bot doctor\` checks the rest (tokens, Redis, permissions).`,
        },
      ],
    });
  } else {
    const lines = open.map((s) => `:white_large_square: *${s.title}*: ${s.fix}`);
    blocks.push(section(`*Not set up yet* (${input.setup.length - open.length} of ${input.setup.length} done)\n${lines.join('\n')}`));
  }
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `Updated ${slackTime(input.now.getTime())} · \`/gdpr help\` for every command` }] });
  return { type: 'home', blocks: blocks.slice(0, HOME_MAX_BLOCKS) };
}

/** The Home tab of someone who may not see the posture (a guest, an account of another organisation). */
export function restrictedHomeView(): HomeView {
  return {
    type: 'home',
    blocks: [
      heading('gdpr-bot'),
      section(':no_entry: The GDPR posture is shown to members of this workspace only; guest accounts and accounts from another organisation cannot see it.'),
    ],
  };
}
