import type { KnownBlock, SectionBlock } from '@slack/types';

/** Block Kit limits the code must respect (see DESIGN.md). */
export const LIMITS = {
  blocksPerMessage: 50,
  blocksPerModal: 100,
  sectionText: 3000,
  fieldsPerSection: 10,
  fieldText: 2000,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  modalTitle: 24,
  privateMetadata: 3000,
  /** Characters across all blocks of one message that Slack accepts in practice. */
  charsPerMessage: 12_000,
  /** The notification text (`text`) is kept short; the blocks carry the content. */
  fallbackText: 3000,
} as const;

/** What a message is made of: notification text plus optional blocks. */
export interface SlackContent {
  text: string;
  blocks?: KnownBlock[];
}

/** `text` cut to at most `max` characters, the last one `…` when anything was cut (plain text: escape after clipping). */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Splits `text` into pieces of at most `max` characters, at line breaks where it can. */
export function splitText(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = rest.lastIndexOf('\n', max);
    if (cut <= 0) cut = rest.lastIndexOf(' ', max);
    if (cut <= 0) cut = max;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^\n/, '');
  }
  if (rest.length > 0) pieces.push(rest);
  return pieces;
}

function blockChars(block: KnownBlock): number {
  return JSON.stringify(block).length;
}

/** Makes every block fit its own limits: long section text becomes several sections, >10 fields become several sections. */
function normaliseBlock(block: KnownBlock): KnownBlock[] {
  if (block.type !== 'section') return [block];
  const section = block as SectionBlock;
  const out: KnownBlock[] = [];
  if (section.text && section.text.text.length > LIMITS.sectionText) {
    const parts = splitText(section.text.text, LIMITS.sectionText);
    parts.forEach((part, i) => {
      const piece: SectionBlock = { type: 'section', text: { ...section.text!, text: part } };
      if (i === 0 && section.accessory) piece.accessory = section.accessory;
      if (i === 0 && section.block_id) piece.block_id = section.block_id;
      out.push(piece);
    });
  } else if (section.text) {
    const { fields: _fields, ...rest } = section;
    out.push(rest as SectionBlock);
  }
  if (section.fields && section.fields.length > 0) {
    const fields = section.fields.map((f) =>
      f.text.length > LIMITS.fieldText ? { ...f, text: `${f.text.slice(0, LIMITS.fieldText - 40)}… (cut; full text in the report)` } : f,
    );
    for (let i = 0; i < fields.length; i += LIMITS.fieldsPerSection) {
      const group: SectionBlock = { type: 'section', fields: fields.slice(i, i + LIMITS.fieldsPerSection) };
      if (out.length === 0 && section.accessory) group.accessory = section.accessory;
      out.push(group);
    }
  }
  return out.length > 0 ? out : [block];
}

/**
 * Splits content that is over Block Kit's limits into several messages, in order, losing nothing:
 * long sections are cut at line breaks, and blocks are grouped ≤ 50 and ≤ ~12 k characters a message.
 * A text-only message that is too long for one section is turned into sections first.
 */
export function splitMessage(content: SlackContent): SlackContent[] {
  let blocks = content.blocks;
  if ((!blocks || blocks.length === 0) && content.text.length > LIMITS.sectionText) {
    blocks = [{ type: 'section', text: { type: 'mrkdwn', text: content.text } }];
  }
  const text = clip(content.text, LIMITS.fallbackText);
  if (!blocks || blocks.length === 0) return [{ text }];

  const normalised = blocks.flatMap(normaliseBlock);
  const chunks: KnownBlock[][] = [];
  let current: KnownBlock[] = [];
  let chars = 0;
  for (const block of normalised) {
    const size = blockChars(block);
    if (current.length > 0 && (current.length >= LIMITS.blocksPerMessage || chars + size > LIMITS.charsPerMessage)) {
      chunks.push(current);
      current = [];
      chars = 0;
    }
    current.push(block);
    chars += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks.map((chunk, i) => ({
    text: i === 0 ? text : `${text.slice(0, 200)} (continued ${i + 1}/${chunks.length})`,
    blocks: chunk,
  }));
}
