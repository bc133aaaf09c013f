import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { configSchema, type Config } from './schema.js';

/** Raised when the configuration cannot be used; `problems` lists every one of them. */
export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`Invalid configuration in ${source} (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` + problems.map((p) => `  - ${p}`).join('\n'));
    this.name = 'ConfigError';
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(top level)';
}

function describeInput(input: unknown): string {
  if (input === undefined) return 'nothing';
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return 'a mapping';
  const text = JSON.stringify(input);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function describeExpectation(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_format':
      return `expected ${issue.format === 'url' ? 'a URL' : issue.message.replace(/^Invalid /, 'a valid ')}`;
    default:
      return `expected ${issue.message.replace(/^Invalid input: /, '')}`;
  }
}

/** Turns zod issues into `path: expected …, got …` lines. */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const path = formatPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      return `${path}: unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    }
    const expected = describeExpectation(issue);
    const got = 'input' in issue ? describeInput(issue.input) : 'nothing';
    return `${path}: ${expected}, got ${got}`;
  });
}

/** Validates an already-parsed configuration object. Throws {@link ConfigError} listing every problem. */
export function parseConfig(raw: unknown, source = 'configuration'): Config {
  const result = configSchema.safeParse(raw ?? {}, { reportInput: true });
  if (!result.success) throw new ConfigError(source, formatIssues(result.error.issues));
  return result.data;
}

/** Parses YAML text (syntax errors are listed with their line) and validates it. */
export function parseConfigText(text: string, source = 'configuration'): Config {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      source,
      doc.errors.map((e) => `YAML syntax: ${e.message.split('\n')[0]}`),
    );
  }
  return parseConfig(doc.toJS(), source);
}

/**
 * Loads the YAML configuration from `path`. With no path the defaults apply (nobody can approve
 * until approvers are configured).
 */
export async function loadConfig(path: string | undefined): Promise<Config> {
  if (!path) return parseConfig({}, 'defaults');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new ConfigError(path, ['the file does not exist: copy gdpr-bot.example.yml to it (or set GDPR_BOT_CONFIG to the file you mean)']);
    // A bind mount whose source file is missing shows up as an empty directory (docker creates one).
    if (code === 'EISDIR')
      throw new ConfigError(path, [
        'this is a directory, not the YAML file: with docker compose, create ./gdpr-bot.yml (copy gdpr-bot.example.yml) before `docker compose up`',
      ]);
    throw new ConfigError(path, [`cannot read the file: ${code ?? String(error)}`]);
  }
  return parseConfigText(text, path);
}
