/**
 * Escapes user-supplied text before it is placed in mrkdwn. Slack only treats `&`, `<` and `>` as
 * control characters; escaping them stops a justification from pinging `<!channel>`, mentioning
 * `<@U…>` or hiding a link behind `<http://…|harmless text>`.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Escapes and shortens user text for display: control characters are dropped and anything past
 * `max` characters is cut with a visible marker that says how much was left out.
 */
export function quoteUserText(text: string, max = 500): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
  const shown = clean.length > max ? `${clean.slice(0, max)}… (${clean.length - max} more characters)` : clean;
  return escapeMrkdwn(shown);
}

/** Control characters other than tab and line breaks: never shown to a user. */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/**
 * Wraps text in inline code after escaping (backticks inside are replaced so the code span cannot be
 * closed early, control characters are dropped).
 */
export function code(text: string): string {
  return '`' + escapeMrkdwn(text.replace(CONTROL_CHARS, '').replace(/`/g, "'")) + '`';
}
