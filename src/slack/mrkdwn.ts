/**
 * Bidirectional-text controls: embeddings and overrides (U+202A–U+202E), isolates (U+2066–U+2069),
 * the left-to-right / right-to-left marks (U+200E, U+200F) and the Arabic letter mark (U+061C). In
 * user or AWS text they can reorder what a reader sees ("‮devorppa" shown as "approved"), so they are
 * never shown: the bot itself never writes them.
 */
export const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;

/** Control characters other than tab and line breaks: never shown to a user. */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** Every way text can start a new line on screen (CR, LF, CRLF, NEL, the Unicode line and paragraph separators). */
const LINE_BREAKS = /\r\n|[\r\n\u0085\u2028\u2029]/g;

/** What a line break in user text is shown as: the text stays on the line the bot put it on. */
export const LINE_BREAK_MARK = ' ⏎ ';

/** Drops bidirectional-text controls (see {@link BIDI_CONTROLS}). */
export function stripBidi(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}

/**
 * Escapes user-supplied text before it is placed in mrkdwn. Slack only treats `&`, `<` and `>` as
 * control characters; escaping them stops a justification from pinging `<!channel>`, mentioning
 * `<@U…>` or hiding a link behind `<http://…|harmless text>`. Bidirectional-text controls are dropped.
 */
export function escapeMrkdwn(text: string): string {
  return stripBidi(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Escapes and shortens user text for display: control and bidirectional-text characters are dropped,
 * line breaks are shown as ` ⏎ ` (so the text cannot start a line of its own that looks like the bot's,
 * e.g. "✅ approved by …"), and anything past `max` characters is cut with a visible marker that says
 * how much was left out.
 */
export function quoteUserText(text: string, max = 500): string {
  const clean = stripBidi(text.replace(CONTROL_CHARS, '')).replace(LINE_BREAKS, LINE_BREAK_MARK);
  const shown = clean.length > max ? `${clean.slice(0, max)}… (${clean.length - max} more characters)` : clean;
  return escapeMrkdwn(shown);
}

/**
 * User text on a line of its own, as a mrkdwn block quote (`> …`): whatever it says, it reads as
 * quoted, never as a line of the bot's. Escaped and shortened like {@link quoteUserText}.
 */
export function quotedLine(text: string, max = 500): string {
  return `> ${quoteUserText(text, max)}`;
}

/**
 * Wraps text in inline code after escaping (backticks inside are replaced so the code span cannot be
 * closed early, control and bidirectional-text characters are dropped, line breaks become spaces).
 */
export function code(text: string): string {
  return '`' + escapeMrkdwn(text.replace(CONTROL_CHARS, '').replace(LINE_BREAKS, ' ').replace(/`/g, "'")) + '`';
}
