/**
 * Canonical JSON: object keys sorted at every level, no whitespace, `undefined` members dropped.
 * The same value always gives the same bytes, which is what a hash chain needs.
 *
 * Written as plain loops: it runs for every entry on every append and every verification of the audit
 * log, and the `Object.entries().filter().sort().map()` version spent most of a verification allocating.
 * `sort()` without a comparator orders keys by UTF-16 code units, as `<` on strings does.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      out += (i === 0 ? '' : ',') + (item === undefined ? 'null' : canonicalJson(item));
    }
    return out + ']';
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = '{';
  for (const key of keys) {
    const member = record[key];
    if (member === undefined) continue;
    out += (out.length === 1 ? '' : ',') + JSON.stringify(key) + ':' + canonicalJson(member);
  }
  return out + '}';
}
