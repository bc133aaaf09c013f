import { describe, expect, it } from 'vitest';
import { ALLOWED_ATTRIBUTES, ALLOWED_TAGS, mrkdwn, plainText, renderBlock, renderBlocks, safeHref, type Block, type VNode } from '../../src/demo/blockkit.js';
import { PAGE_SCRIPT } from '../../src/demo/page.js';

const dir = { userName: (id: string) => ({ UDEMOALICE: 'Alice' })[id], channelName: (id: string) => ({ CDEMOAPPRV: 'gdpr-approvals' })[id] };
const ctx = { dir, ref: (b: number, e: number | 'accessory') => `m|C1|1.1|${b}|${e}` };

/** Every element of a tree, depth first. */
function elements(node: VNode): Exclude<VNode, string>[] {
  if (typeof node === 'string') return [];
  return [node, ...(node.c ?? []).flatMap(elements)];
}
/** The text a person reads. */
function text(node: VNode | VNode[]): string {
  if (Array.isArray(node)) return node.map(text).join('');
  return typeof node === 'string' ? node : (node.c ?? []).map(text).join('');
}

describe('the demo page renders Block Kit as element trees, never as HTML', () => {
  const hostile = '&lt;script&gt;alert(1)&lt;/script&gt; <img src=x onerror=alert(2)> <javascript:alert(3)|click> <data:text/html,x|data> "quoted" & done';

  it('keeps markup in mrkdwn as text: Slack escapes (&lt; &gt; &amp;) are undone into text nodes, not tags', () => {
    const nodes = mrkdwn(hostile, dir);
    expect(text(nodes)).toContain('<script>alert(1)</script>');
    expect(nodes.flatMap(elements).map((e) => e.t)).not.toContain('script');
    expect(nodes.flatMap(elements).some((e) => e.t === 'a')).toBe(false);
    expect(text(nodes)).toContain('click');
  });

  it('links only to http(s) and mailto; a javascript: or data: link shows its label as text', () => {
    expect(mrkdwn('<https://aws.amazon.com/gdpr|GDPR center>')).toEqual([
      { t: 'a', a: { href: 'https://aws.amazon.com/gdpr', title: 'https://aws.amazon.com/gdpr', class: 'link' }, c: ['GDPR center'] },
    ]);
    expect(mrkdwn('<javascript:alert(1)|click>')).toEqual(['click']);
    expect(mrkdwn('<JavaScript:alert(1)>')).toEqual(['JavaScript:alert(1)']);
    expect(safeHref(' https://x')).toBe(true);
    expect(safeHref('data:text/html,x')).toBe(false);
    const button = renderBlock(
      { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Go' }, url: 'javascript:alert(1)', action_id: 'a' }] },
      0,
      ctx,
    );
    expect(elements(button).some((e) => e.t === 'a')).toBe(false);
  });

  it('renders mentions with names, and *bold*, _italic_, ~strike~, `code`, ```blocks``` and quotes', () => {
    expect(text(mrkdwn('<@UDEMOALICE> asked in <#CDEMOAPPRV> (<!channel>)', dir))).toBe('@Alice asked in #gdpr-approvals (@channel)');
    const nodes = mrkdwn('*Risk:* _medium_ ~old~ `s3:PutBucketPolicy` and snake_case_names stay', dir);
    expect(nodes.flatMap(elements).map((e) => e.t)).toEqual(['b', 'i', 's', 'code']);
    expect(text(nodes)).toBe('Risk: medium old s3:PutBucketPolicy and snake_case_names stay');
    expect(mrkdwn('Will call:\n```{"Bucket": "a&lt;b"}```')).toEqual(['Will call:', { t: 'br', c: [] }, { t: 'pre', c: ['{"Bucket": "a<b"}'] }]);
    expect(mrkdwn('&gt; quoted')).toEqual([{ t: 'blockquote', c: ['quoted'] }]);
    expect(text(mrkdwn(':white_check_mark: pass on arn:aws:iam::111122223333:role/app'))).toBe('✅ pass on arn:aws:iam::111122223333:role/app');
  });

  it('renders header, section with fields and a Fix button, context, divider and actions; buttons carry their ref and confirm dialog as attributes', () => {
    const blocks: Block[] = [
      { type: 'header', text: { type: 'plain_text', text: 'GDPR posture: 64%' } },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: '*[critical]* Bucket &lt;b&gt;x&lt;/b&gt; is public' },
        fields: [
          { type: 'mrkdwn', text: '*Risk:* high' },
          { type: 'plain_text', text: '*not bold*' },
        ],
        accessory: { type: 'button', action_id: 'remediation_fix', value: '{"c":"x"}', text: { type: 'plain_text', text: 'Fix' }, style: 'primary' },
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'last scan _just now_' }] },
      { type: 'divider' },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: 'approve',
            text: { type: 'plain_text', text: 'Approve' },
            value: 'R1',
            confirm: {
              title: { type: 'plain_text', text: 'Approve?' },
              text: { type: 'mrkdwn', text: 'Turns on *all four*' },
              confirm: { type: 'plain_text', text: 'Approve' },
              deny: { type: 'plain_text', text: 'Cancel' },
            },
          },
          { type: 'button', action_id: 'reject', text: { type: 'plain_text', text: 'Reject' }, value: 'R1', style: 'danger' },
        ],
      },
      { type: 'rich_text' },
    ];
    const tree = renderBlocks(blocks, 'fallback', ctx);
    const buttons = elements(tree).filter((e) => e.t === 'button');
    expect(buttons.map((b) => [text(b), b.a?.['data-ref'], b.a?.class])).toEqual([
      ['Fix', 'm|C1|1.1|1|accessory', 'bk-button primary'],
      ['Approve', 'm|C1|1.1|4|0', 'bk-button'],
      ['Reject', 'm|C1|1.1|4|1', 'bk-button danger'],
    ]);
    expect(buttons[1]!.a).toMatchObject({
      'data-confirm-title': 'Approve?',
      'data-confirm-text': 'Turns on all four',
      'data-confirm-ok': 'Approve',
      'data-confirm-deny': 'Cancel',
    });
    expect(text(tree)).toContain('GDPR posture: 64%');
    expect(text(tree)).toContain('Bucket <b>x</b> is public');
    expect(text(tree)).toContain('*not bold*');
    expect(text(tree)).toContain('[unsupported block: rich_text]');
    expect(
      elements(tree)
        .map((e) => e.a?.class)
        .filter(Boolean),
    ).toEqual(expect.arrayContaining(['bk-header', 'bk-section', 'bk-fields', 'bk-context', 'bk-divider', 'bk-actions', 'bk-accessory']));
    expect(text(renderBlocks(undefined, '*hello* &amp; bye', ctx))).toBe('hello & bye');
  });

  it('renders modal inputs by block and action id, with the validation errors the bot answers', () => {
    const tree = renderBlocks(
      [
        {
          type: 'input',
          block_id: 'role',
          label: { type: 'plain_text', text: 'Role' },
          element: { type: 'static_select', action_id: 'value', options: [{ text: { type: 'plain_text', text: 'prod-readonly' }, value: 'prod-readonly' }] },
        },
        {
          type: 'input',
          block_id: 'justification',
          label: { type: 'plain_text', text: 'Why?' },
          element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 1500 },
        },
        {
          type: 'input',
          block_id: 'ticket',
          optional: true,
          label: { type: 'plain_text', text: 'Ticket' },
          element: { type: 'plain_text_input', action_id: 'value', initial_value: '<INC-1>' },
        },
      ],
      '',
      { ...ctx, errors: { justification: 'Say why you need it <here>' } },
    );
    const controls = elements(tree).filter((e) => ['select', 'textarea', 'input'].includes(e.t));
    expect(controls.map((c) => [c.t, c.a?.name])).toEqual([
      ['select', 'role/value'],
      ['textarea', 'justification/value'],
      ['input', 'ticket/value'],
    ]);
    expect(controls[1]!.a?.maxlength).toBe('1500');
    expect(controls[2]!.a?.value).toBe('<INC-1>');
    expect(text(tree)).toContain('Ticket (optional)');
    expect(elements(tree).find((e) => e.a?.class === 'bk-error')?.c).toEqual(['Say why you need it <here>']);
    expect(plainText({ type: 'mrkdwn', text: '*a* <https://x|link> &lt;b&gt;' })).toBe('a link <b>');
  });

  it('a tree only ever holds allowed elements and attributes, whatever the bot sends', () => {
    const evil = { type: 'mrkdwn', text: hostile };
    const blocks = [
      {
        type: 'section',
        block_id: '"><script>',
        text: evil,
        fields: [evil],
        accessory: { type: 'button', text: { type: 'plain_text', text: hostile }, value: hostile, action_id: hostile, url: hostile },
      },
      { type: 'context', elements: [evil, { type: 'image', alt_text: hostile, image_url: 'javascript:alert(1)' }] },
      {
        type: 'actions',
        elements: [
          { type: 'button', text: evil, confirm: { title: evil, text: evil } },
          { type: 'static_select', options: [{ text: evil, value: hostile }] },
        ],
      },
      { type: 'input', block_id: hostile, label: evil, element: { type: 'plain_text_input', action_id: hostile, initial_value: hostile } },
      { type: hostile },
    ] as Block[];
    for (const node of elements(renderBlocks(blocks, hostile, ctx))) {
      expect(ALLOWED_TAGS.has(node.t), node.t).toBe(true);
      for (const [name, value] of Object.entries(node.a ?? {})) {
        expect(ALLOWED_ATTRIBUTES.has(name) || /^data-[a-z-]+$/.test(name), name).toBe(true);
        if (name === 'href') expect(safeHref(value)).toBe(true);
      }
    }
  });

  it("the page's script builds DOM nodes from trees only (no innerHTML, no document.write)", () => {
    expect(PAGE_SCRIPT).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
    expect(PAGE_SCRIPT).toContain('document.createTextNode(v)');
  });
});
