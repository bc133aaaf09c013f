/**
 * Renders Slack Block Kit (messages and modals) and Slack's mrkdwn into a small tree of elements and text,
 * for the demo page. Everything the bot sends is untrusted text to the page: the tree has no HTML in it,
 * only element names from a fixed list, attributes from a fixed list, and text nodes, which the page turns
 * into DOM nodes with `createElement` and `createTextNode` (src/demo/page.ts), never `innerHTML`.
 */

/** A text node, or an element with attributes and children. */
export type VNode = string | VElement;

export interface VElement {
  /** The element's name, one of {@link ALLOWED_TAGS}. */
  t: string;
  /** Attributes, each one of {@link ALLOWED_ATTRIBUTES} (or `data-…`). */
  a?: Record<string, string>;
  c?: VNode[];
}

/** The elements a rendered tree may contain. */
export const ALLOWED_TAGS: ReadonlySet<string> = new Set([
  'div',
  'span',
  'b',
  'i',
  's',
  'code',
  'pre',
  'blockquote',
  'a',
  'br',
  'button',
  'label',
  'input',
  'textarea',
  'select',
  'option',
  'ul',
  'li',
]);

/** The attributes a rendered tree may contain, besides `data-*`. */
export const ALLOWED_ATTRIBUTES: ReadonlySet<string> = new Set([
  'class',
  'href',
  'title',
  'type',
  'placeholder',
  'value',
  'name',
  'maxlength',
  'disabled',
  'selected',
  'rows',
]);

/** True for a link the page may open: http(s) and mailto only (no `javascript:`, `data:`, …). */
export function safeHref(url: string): boolean {
  return /^(https?:\/\/|mailto:)/i.test(url.trim());
}

/** Resolves `<@U…>` and `<#C…>` to names. */
export interface Directory {
  userName(id: string): string | undefined;
  channelName(id: string): string | undefined;
}

const NO_DIRECTORY: Directory = { userName: () => undefined, channelName: () => undefined };

/** Emoji the bot uses, by Slack name. Unknown names stay as typed (`:aws:` inside an ARN is not an emoji). */
const EMOJI: Record<string, string> = {
  warning: '⚠️',
  no_entry: '⛔',
  white_check_mark: '✅',
  x: '❌',
  rotating_light: '🚨',
  hourglass_flowing_sand: '⏳',
  hourglass: '⌛',
  large_green_circle: '🟢',
  large_orange_circle: '🟠',
  large_yellow_circle: '🟡',
  large_blue_circle: '🔵',
  red_circle: '🔴',
  key: '🔑',
  zzz: '💤',
  no_entry_sign: '🚫',
  mag: '🔍',
  heavy_minus_sign: '➖',
  file_cabinet: '🗄️',
  raised_hand: '✋',
  page_facing_up: '📄',
  outbox_tray: '📤',
  information_source: 'ℹ️',
  grey_question: '❔',
  gear: '⚙️',
  clock3: '🕒',
  arrows_counterclockwise: '🔄',
  lock: '🔒',
  unlock: '🔓',
  tada: '🎉',
  shield: '🛡️',
  bell: '🔔',
  wave: '👋',
  heavy_check_mark: '✔️',
  bulb: '💡',
  memo: '📝',
  link: '🔗',
};

/** Slack's three escapes, undone (the bot escapes `&`, `<`, `>` in user text). */
export function decodeEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function el(t: string, a: Record<string, string> | undefined, ...c: VNode[]): VElement {
  return a ? { t, a, c } : { t, c };
}

/** Text with the known `:emoji:` replaced. */
function emojify(text: string): string {
  return text.replace(/:([a-z0-9_+-]+):/g, (all, name: string) => EMOJI[name] ?? all);
}

/** A `<…>` token of mrkdwn: link, mention, channel, special mention, date. */
function angle(inner: string, dir: Directory): VNode {
  const [target = '', label] = splitOnce(inner, '|');
  if (target.startsWith('@')) {
    const id = target.slice(1);
    return el('span', { class: 'mention' }, `@${dir.userName(id) ?? label ?? id}`);
  }
  if (target.startsWith('#')) {
    const id = target.slice(1);
    return el('span', { class: 'mention' }, `#${dir.channelName(id) ?? label ?? id}`);
  }
  if (target.startsWith('!')) {
    const what = target.slice(1);
    if (what.startsWith('date^')) return decodeEntities(label ?? what);
    if (what.startsWith('subteam^')) return el('span', { class: 'mention' }, `@${label ?? what.slice('subteam^'.length)}`);
    return el('span', { class: 'mention' }, `@${label ?? what}`);
  }
  const url = decodeEntities(target);
  const text = decodeEntities(label ?? target);
  return safeHref(url) ? el('a', { href: url, title: url, class: 'link' }, text) : text;
}

function splitOnce(text: string, sep: string): [string, string | undefined] {
  const i = text.indexOf(sep);
  return i < 0 ? [text, undefined] : [text.slice(0, i), text.slice(i + 1)];
}

const INLINE = /<([^<>\n]+)>|`([^`\n]+)`|\*([^*\n]+)\*|_([^_\n]+)_|~([^~\n]+)~/g;

/** One line of mrkdwn (no code blocks, no quotes) into nodes. */
function inline(line: string, dir: Directory): VNode[] {
  const out: VNode[] = [];
  let last = 0;
  for (const m of line.matchAll(INLINE)) {
    const start = m.index;
    const prev = line[start - 1];
    // Slack formats *bold*, _italic_ and ~strike~ only at word boundaries (not in snake_case_names).
    if (!m[1] && !m[2] && prev !== undefined && /[\p{L}\p{N}]/u.test(prev)) continue;
    const next = line[start + m[0].length];
    if (!m[1] && !m[2] && next !== undefined && /[\p{L}\p{N}]/u.test(next)) continue;
    if (start > last) out.push(emojify(decodeEntities(line.slice(last, start))));
    if (m[1] !== undefined) out.push(angle(m[1], dir));
    else if (m[2] !== undefined) out.push(el('code', undefined, decodeEntities(m[2])));
    else if (m[3] !== undefined) out.push(el('b', undefined, ...inline(m[3], dir)));
    else if (m[4] !== undefined) out.push(el('i', undefined, ...inline(m[4], dir)));
    else if (m[5] !== undefined) out.push(el('s', undefined, ...inline(m[5], dir)));
    last = start + m[0].length;
  }
  if (last < line.length) out.push(emojify(decodeEntities(line.slice(last))));
  return out;
}

/** Slack mrkdwn into nodes: ```code blocks```, `> quotes`, *bold*, _italic_, ~strike~, `code`, links and mentions. */
export function mrkdwn(text: string, dir: Directory = NO_DIRECTORY): VNode[] {
  const out: VNode[] = [];
  const parts = text.split('```');
  parts.forEach((part, i) => {
    if (i % 2 === 1 && i < parts.length - 1) {
      out.push(el('pre', undefined, decodeEntities(part.replace(/^\n/, ''))));
      return;
    }
    const chunk = i % 2 === 1 ? '```' + part : part;
    const lines = chunk.split('\n');
    lines.forEach((line, j) => {
      const quote = /^(&gt;|>) ?/.exec(line);
      if (quote) out.push(el('blockquote', undefined, ...inline(line.slice(quote[0].length), dir)));
      else {
        out.push(...inline(line, dir));
        if (j < lines.length - 1 && !/^(&gt;|>)/.test(lines[j + 1] ?? '')) out.push(el('br', undefined));
      }
    });
  });
  return out;
}

/** A text object (`plain_text` or `mrkdwn`). */
export interface TextObject {
  type?: string;
  text?: string;
  emoji?: boolean;
}

/** A text object's nodes: plain text stays text (emoji names aside), mrkdwn is parsed. */
export function textObject(t: TextObject | undefined, dir: Directory = NO_DIRECTORY): VNode[] {
  if (!t?.text) return [];
  return t.type === 'mrkdwn' ? mrkdwn(t.text, dir) : [emojify(t.text)];
}

/** A text object as one line of plain text (for confirm dialogs, titles and option labels). */
export function plainText(t: TextObject | string | undefined): string {
  if (typeof t === 'string') return emojify(t);
  if (!t?.text) return '';
  return emojify(t.type === 'mrkdwn' ? decodeEntities(t.text.replace(/<([^<>|]+)\|([^<>]+)>/g, '$2').replace(/[*_~`]/g, '')) : t.text);
}

/** The parts of a Block Kit element or block the renderer reads (everything else is ignored). */
export interface Element {
  type: string;
  action_id?: string;
  /** A button's label (a text object), or the text of a context element (a string). */
  text?: TextObject | string;
  value?: string;
  url?: string;
  style?: string;
  confirm?: { title?: TextObject; text?: TextObject; confirm?: TextObject; deny?: TextObject };
  placeholder?: TextObject;
  options?: { text: TextObject; value: string }[];
  initial_option?: { value: string };
  initial_value?: string;
  multiline?: boolean;
  max_length?: number;
  alt_text?: string;
  image_url?: string;
  elements?: Element[];
}

export interface Block {
  type: string;
  block_id?: string;
  text?: TextObject;
  fields?: TextObject[];
  accessory?: Element;
  elements?: Element[];
  label?: TextObject;
  hint?: TextObject;
  element?: Element;
  optional?: boolean;
  alt_text?: string;
  title?: TextObject;
}

/** How interactive elements are named for the page: `ref` comes back with a click and names the element. */
export interface RenderContext {
  dir?: Directory;
  /** The reference of element `element` (an index, or `accessory`) of block `block`; interactive elements carry it as `data-ref`. */
  ref(block: number, element: number | 'accessory'): string;
  /** Validation errors of a modal, by block id. */
  errors?: Record<string, string>;
}

function button(e: Element, ref: string): VNode {
  const label = plainText(e.text) || 'Button';
  if (e.url && safeHref(e.url)) return el('a', { class: `bk-button ${e.style ?? ''}`.trim(), href: e.url, title: e.url }, label);
  const a: Record<string, string> = { class: `bk-button ${e.style ?? ''}`.trim(), type: 'button', 'data-ref': ref };
  if (e.confirm) {
    a['data-confirm-title'] = plainText(e.confirm.title) || 'Are you sure?';
    a['data-confirm-text'] = plainText(e.confirm.text);
    a['data-confirm-ok'] = plainText(e.confirm.confirm) || 'Yes';
    a['data-confirm-deny'] = plainText(e.confirm.deny) || 'Cancel';
  }
  return el('button', a, label);
}

function select(e: Element, name: string | undefined, disabled: boolean): VNode {
  const a: Record<string, string> = { class: 'bk-select' };
  if (name) a.name = name;
  if (disabled) a.disabled = 'disabled';
  const options: VNode[] = [el('option', { value: '' }, plainText(e.placeholder) || 'Choose…')];
  for (const o of e.options ?? []) {
    const oa: Record<string, string> = { value: o.value };
    if (e.initial_option?.value === o.value) oa.selected = 'selected';
    options.push(el('option', oa, plainText(o.text)));
  }
  return el('select', a, ...options);
}

/** An element of a section accessory or an actions block. */
function element(e: Element, ref: string, dir: Directory): VNode {
  switch (e.type) {
    case 'button':
      return button(e, ref);
    case 'static_select':
      return select(e, undefined, true);
    case 'image':
      return el('span', { class: 'bk-image', title: e.alt_text ?? '' }, `[image: ${e.alt_text ?? ''}]`);
    case 'mrkdwn':
    case 'plain_text':
      return el('span', undefined, ...textObject(e as TextObject, dir));
    default:
      return el('span', { class: 'bk-unsupported' }, `[${e.type}]`);
  }
}

/** A modal's input element, named `<block_id>/<action_id>` so the page can collect its value. */
function input(block: Block): VNode {
  const e = block.element;
  const name = `${block.block_id ?? ''}/${e?.action_id ?? ''}`;
  let control: VNode;
  if (e?.type === 'plain_text_input') {
    const a: Record<string, string> = { class: 'bk-input', name, placeholder: plainText(e.placeholder) };
    if (e.max_length) a.maxlength = String(e.max_length);
    control = e.multiline ? el('textarea', { ...a, rows: '3' }, e.initial_value ?? '') : el('input', { ...a, type: 'text', value: e.initial_value ?? '' });
  } else if (e?.type === 'static_select') {
    control = select(e, name, false);
  } else {
    control = el('span', { class: 'bk-unsupported' }, `[${e?.type ?? 'input'}]`);
  }
  const label = plainText(block.label) + (block.optional ? ' (optional)' : '');
  const children: VNode[] = [el('label', { class: 'bk-label' }, label), control];
  if (block.hint) children.push(el('div', { class: 'bk-hint' }, plainText(block.hint)));
  return el('div', { class: 'bk-input-block', 'data-block': block.block_id ?? '' }, ...children);
}

/** One block into nodes. */
export function renderBlock(block: Block, index: number, ctx: RenderContext): VNode {
  const dir = ctx.dir ?? NO_DIRECTORY;
  const error = block.block_id ? ctx.errors?.[block.block_id] : undefined;
  let node: VNode;
  switch (block.type) {
    case 'header':
      node = el('div', { class: 'bk-header' }, plainText(block.text));
      break;
    case 'section': {
      const body: VNode[] = [];
      if (block.text) body.push(el('div', { class: 'bk-text' }, ...textObject(block.text, dir)));
      if (block.fields?.length)
        body.push(el('div', { class: 'bk-fields' }, ...block.fields.map((f) => el('div', { class: 'bk-field' }, ...textObject(f, dir)))));
      const children: VNode[] = [el('div', { class: 'bk-section-body' }, ...body)];
      if (block.accessory) children.push(el('div', { class: 'bk-accessory' }, element(block.accessory, ctx.ref(index, 'accessory'), dir)));
      node = el('div', { class: 'bk-section' }, ...children);
      break;
    }
    case 'context':
      node = el('div', { class: 'bk-context' }, ...(block.elements ?? []).map((e, i) => element(e, ctx.ref(index, i), dir)));
      break;
    case 'divider':
      node = el('div', { class: 'bk-divider' });
      break;
    case 'actions':
      node = el('div', { class: 'bk-actions' }, ...(block.elements ?? []).map((e, i) => element(e, ctx.ref(index, i), dir)));
      break;
    case 'input':
      node = input(block);
      break;
    case 'image':
      node = el('div', { class: 'bk-image' }, `[image: ${block.alt_text ?? plainText(block.title)}]`);
      break;
    default:
      node = el('div', { class: 'bk-unsupported' }, `[unsupported block: ${block.type}]`);
  }
  return error ? el('div', { class: 'bk-has-error' }, node, el('div', { class: 'bk-error' }, error)) : node;
}

/** A message's or modal's blocks into nodes; a message without blocks shows its `text` as mrkdwn. */
export function renderBlocks(blocks: readonly Block[] | undefined, fallbackText: string | undefined, ctx: RenderContext): VElement {
  if (!blocks || blocks.length === 0)
    return el('div', { class: 'bk-blocks' }, el('div', { class: 'bk-text' }, ...mrkdwn(fallbackText ?? '', ctx.dir ?? NO_DIRECTORY)));
  return el('div', { class: 'bk-blocks' }, ...blocks.map((b, i) => renderBlock(b, i, ctx)));
}

/** Finds the interactive element a `ref` of {@link RenderContext} names: block index and element index or `accessory`. */
export function elementAt(blocks: readonly Block[] | undefined, block: number, element: number | 'accessory'): { block: Block; element: Element } | undefined {
  const b = blocks?.[block];
  if (!b) return undefined;
  const e = element === 'accessory' ? b.accessory : b.elements?.[element];
  return e ? { block: b, element: e } : undefined;
}
