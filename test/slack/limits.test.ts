import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { LIMITS, splitMessage, splitText } from '../../src/slack/limits.js';
import { escapeMrkdwn, quoteUserText } from '../../src/slack/mrkdwn.js';

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
const allText = (parts: { blocks?: KnownBlock[] }[]) =>
  parts
    .flatMap((p) => p.blocks ?? [])
    .map((b) => (b.type === 'section' ? (b.text?.text ?? '') : ''))
    .join('\n');

describe('Block Kit limits', () => {
  it('keeps a small message as it is', () => {
    const parts = splitMessage({ text: 'hi', blocks: [section('hello')] });
    expect(parts).toEqual([{ text: 'hi', blocks: [section('hello')] }]);
  });

  it('splits more than 50 blocks into several messages without losing one', () => {
    const blocks = Array.from({ length: 120 }, (_, i) => section(`item ${i}`));
    const parts = splitMessage({ text: 'many', blocks });
    expect(parts.length).toBe(3);
    expect(parts.every((p) => (p.blocks?.length ?? 0) <= LIMITS.blocksPerMessage)).toBe(true);
    expect(parts.flatMap((p) => p.blocks)).toEqual(blocks);
    expect(parts[1]!.text).toContain('continued 2/3');
  });

  it('cuts a section over 3000 characters at line breaks, keeping every line', () => {
    const lines = Array.from({ length: 400 }, (_, i) => `line ${i} ${'x'.repeat(20)}`);
    const parts = splitMessage({ text: 'long', blocks: [section(lines.join('\n'))] });
    const sections = parts.flatMap((p) => p.blocks ?? []);
    expect(sections.length).toBeGreaterThan(3);
    for (const b of sections) expect(b.type === 'section' && (b.text?.text.length ?? 0) <= LIMITS.sectionText).toBe(true);
    expect(allText(parts).split('\n').filter(Boolean)).toEqual(lines);
  });

  it('keeps each message under the practical character budget', () => {
    const blocks = Array.from({ length: 40 }, (_, i) => section(`${i} ${'y'.repeat(2900)}`));
    const parts = splitMessage({ text: 'big', blocks });
    for (const p of parts) expect(JSON.stringify(p.blocks).length).toBeLessThanOrEqual(LIMITS.charsPerMessage + 3100);
    expect(parts.flatMap((p) => p.blocks)).toHaveLength(40);
  });

  it('splits more than 10 fields into several sections', () => {
    const fields = Array.from({ length: 23 }, (_, i) => ({ type: 'mrkdwn' as const, text: `f${i}` }));
    const [part] = splitMessage({ text: 'fields', blocks: [{ type: 'section', fields }] });
    const sections = part!.blocks!;
    expect(sections).toHaveLength(3);
    expect(sections.flatMap((b) => (b.type === 'section' ? (b.fields ?? []) : [])).map((f) => f.text)).toEqual(fields.map((f) => f.text));
  });

  it('turns an over-long text-only message into sections', () => {
    const text = 'word '.repeat(2000);
    const parts = splitMessage({ text });
    expect(parts[0]!.text.length).toBeLessThanOrEqual(LIMITS.fallbackText);
    expect(allText(parts).replace(/\s+/g, ' ').trim()).toBe(text.trim());
  });

  it('splitText never returns a piece over the limit', () => {
    const pieces = splitText('a'.repeat(7001), 3000);
    expect(pieces.map((p) => p.length)).toEqual([3000, 3000, 1001]);
  });
});

describe('mrkdwn escaping', () => {
  it('neutralises mentions, broadcasts and disguised links', () => {
    expect(escapeMrkdwn('<!channel> <@U123> <http://evil|click> & co')).toBe('&lt;!channel&gt; &lt;@U123&gt; &lt;http://evil|click&gt; &amp; co');
  });

  it('drops control characters and says how much of a long text was cut', () => {
    const out = quoteUserText(`a\u0000b\u0007c${'z'.repeat(600)}`, 100);
    expect(out.startsWith('abc')).toBe(true);
    expect(out).toContain('(503 more characters)');
  });
});
