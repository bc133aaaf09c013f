/**
 * CloudWatch Logs JSON filter patterns (`{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) }`),
 * parsed so that a metric filter can be compared with the pattern a control requires by meaning, not by
 * spelling: whitespace, quoting and the order of `||` and `&&` terms do not matter, and a pattern that
 * matches fewer events than the required one does not cover it.
 *
 * The comparison is sound, not complete: `covers` says yes only when every event the required pattern
 * matches is matched by the filter; an unusual filter that covers the requirement in a way it cannot
 * prove (a regular expression, numeric ranges) is judged as not covering.
 */

/** One comparison of a JSON filter pattern. */
export interface PatternAtom {
  /** The selector, as written without spaces: `$.eventName`, `$.userIdentity.type`, `$.a[0]`. */
  selector: string;
  /** `=`, `!=`, `<`, `<=`, `>`, `>=`, or a keyword test: `NOT EXISTS`, `IS NULL`, `IS TRUE`, `IS FALSE`, `EXISTS`. */
  op: string;
  /** The value compared with, unquoted (`*` is a wildcard in `=` and `!=`); empty for keyword tests. */
  value: string;
  /** A `%regex%` value: compared only with an identical atom. */
  regex?: boolean;
}

/** A parsed pattern: an expression tree of atoms. */
export type PatternNode = { kind: 'atom'; atom: PatternAtom } | { kind: 'and' | 'or'; items: PatternNode[] };

/** Which of `&&` and `||` binds tighter when a pattern mixes them without parentheses. */
export type Precedence = 'and-first' | 'or-first';

/** A pattern with more alternatives than this (after expansion) is not judged. */
const MAX_CONJUNCTIONS = 1024;

class PatternSyntaxError extends Error {}

type Token = { t: '(' | ')' | '&&' | '||' | '{' | '}' } | { t: 'word'; v: string; quoted: boolean } | { t: 'op'; v: string };

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === '(' || c === ')' || c === '{' || c === '}') {
      out.push({ t: c });
      i += 1;
    } else if (text.startsWith('&&', i) || text.startsWith('||', i)) {
      out.push({ t: text.slice(i, i + 2) as '&&' | '||' });
      i += 2;
    } else if (text.startsWith('!=', i) || text.startsWith('<=', i) || text.startsWith('>=', i)) {
      out.push({ t: 'op', v: text.slice(i, i + 2) });
      i += 2;
    } else if (c === '=' || c === '<' || c === '>') {
      out.push({ t: 'op', v: c });
      i += 1;
    } else if (c === '"') {
      let j = i + 1;
      let v = '';
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\' && j + 1 < text.length) j += 1;
        v += text[j];
        j += 1;
      }
      if (j >= text.length) throw new PatternSyntaxError('unterminated string');
      out.push({ t: 'word', v, quoted: true });
      i = j + 1;
    } else {
      let j = i;
      while (j < text.length && !/[\s(){}"=!<>]/.test(text[j]!) && !text.startsWith('&&', j) && !text.startsWith('||', j)) j += 1;
      if (j === i) throw new PatternSyntaxError(`unexpected ${c}`);
      out.push({ t: 'word', v: text.slice(i, j), quoted: false });
      i = j;
    }
  }
  return out;
}

/** Parses a JSON filter pattern; `undefined` when it is not one (a term or space-delimited pattern, or malformed). */
export function parseFilterPattern(text: string, precedence: Precedence = 'and-first'): PatternNode | undefined {
  let tokens: Token[];
  try {
    tokens = tokenize(text);
  } catch {
    return undefined;
  }
  if (tokens[0]?.t !== '{' || tokens[tokens.length - 1]?.t !== '}') return undefined;
  let pos = 1;
  const end = tokens.length - 1;
  const peek = () => (pos < end ? tokens[pos] : undefined);
  const next = () => {
    if (pos >= end) throw new PatternSyntaxError('unexpected end');
    return tokens[pos++]!;
  };

  const tighter = precedence === 'and-first' ? '&&' : '||';
  const looser = precedence === 'and-first' ? '||' : '&&';
  const kind = (op: string) => (op === '&&' ? 'and' : 'or') as 'and' | 'or';

  const expr = (): PatternNode => {
    const items = [group()];
    while (peek()?.t === looser) {
      pos += 1;
      items.push(group());
    }
    return items.length === 1 ? items[0]! : { kind: kind(looser), items };
  };
  const group = (): PatternNode => {
    const items = [primary()];
    while (peek()?.t === tighter) {
      pos += 1;
      items.push(primary());
    }
    return items.length === 1 ? items[0]! : { kind: kind(tighter), items };
  };
  const primary = (): PatternNode => {
    const tok = next();
    if (tok.t === '(') {
      const inner = expr();
      if (next().t !== ')') throw new PatternSyntaxError('missing )');
      return inner;
    }
    if (tok.t !== 'word' || tok.quoted || !tok.v.startsWith('$')) throw new PatternSyntaxError('expected a selector');
    const selector = tok.v;
    const op = next();
    if (op.t === 'op') {
      const value = next();
      if (value.t !== 'word') throw new PatternSyntaxError('expected a value');
      const regex = !value.quoted && value.v.length > 1 && value.v.startsWith('%') && value.v.endsWith('%');
      return { kind: 'atom', atom: { selector, op: op.v, value: value.v, ...(regex ? { regex } : {}) } };
    }
    if (op.t === 'word' && !op.quoted) {
      const w = op.v.toUpperCase();
      if (w === 'EXISTS') return { kind: 'atom', atom: { selector, op: 'EXISTS', value: '' } };
      const second = next();
      if (second.t !== 'word' || second.quoted) throw new PatternSyntaxError('expected a keyword');
      const keyword = `${w} ${second.v.toUpperCase()}`;
      if (['NOT EXISTS', 'IS NULL', 'IS TRUE', 'IS FALSE'].includes(keyword)) return { kind: 'atom', atom: { selector, op: keyword, value: '' } };
    }
    throw new PatternSyntaxError('expected an operator');
  };

  try {
    const tree = expr();
    if (pos !== end) return undefined;
    return tree;
  } catch (error) {
    if (error instanceof PatternSyntaxError) return undefined;
    throw error;
  }
}

/** The pattern as a disjunction of conjunctions of atoms; `undefined` when it expands to too many. */
export function toDnf(node: PatternNode): PatternAtom[][] | undefined {
  if (node.kind === 'atom') return [[node.atom]];
  const parts: PatternAtom[][][] = [];
  for (const item of node.items) {
    const d = toDnf(item);
    if (!d) return undefined;
    parts.push(d);
  }
  if (node.kind === 'or') {
    const out = parts.flat();
    return out.length > MAX_CONJUNCTIONS ? undefined : out;
  }
  let out: PatternAtom[][] = [[]];
  for (const d of parts) {
    const product: PatternAtom[][] = [];
    for (const left of out) for (const right of d) product.push([...left, ...right]);
    if (product.length > MAX_CONJUNCTIONS) return undefined;
    out = product;
  }
  return out;
}

const hasWildcard = (v: string) => v.includes('*');

function globMatches(glob: string, value: string): boolean {
  const re = new RegExp(
    `^${glob
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    's',
  );
  return re.test(value);
}

/** Whether every event matching all of `conj` satisfies `atom`. */
function implies(conj: readonly PatternAtom[], atom: PatternAtom): boolean {
  return conj.some((c) => {
    if (c.selector !== atom.selector) return false;
    if (c.op === atom.op && c.value === atom.value && Boolean(c.regex) === Boolean(atom.regex)) return true;
    if (c.regex || atom.regex) return false;
    if (atom.op === '=' && c.op === '=') return !hasWildcard(c.value) && globMatches(atom.value, c.value);
    if (atom.op === '!=' && c.op === '=') return !hasWildcard(c.value) && !globMatches(atom.value, c.value);
    if (atom.op === 'EXISTS') return c.op === '=';
    return false;
  });
}

/**
 * Whether `filter` (a metric filter's pattern) matches every event `required` matches, under both
 * readings of unparenthesised `&&`/`||` in the filter. A pattern that is not JSON, or too large, does not.
 */
export function patternCovers(filter: string, required: string): boolean {
  const req = parseFilterPattern(required);
  const reqDnf = req && toDnf(req);
  if (!reqDnf) throw new Error(`required pattern does not parse: ${required}`);
  for (const precedence of ['and-first', 'or-first'] as const) {
    const tree = parseFilterPattern(filter, precedence);
    const dnf = tree && toDnf(tree);
    if (!dnf) return false;
    const ok = reqDnf.every((conj) => dnf.some((alt) => alt.every((atom) => implies(conj, atom))));
    if (!ok) return false;
  }
  return true;
}
