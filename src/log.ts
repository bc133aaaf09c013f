import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Patterns of secrets that could end up inside a message or an error text. Redacting by key alone is
 * not enough: a token can be interpolated into a string.
 */
const SECRET_PATTERNS: RegExp[] = [
  /xox[abposr]-[0-9A-Za-z-]{6,}/g, // Slack tokens
  /xapp-[0-9A-Za-z-]{6,}/g, // Slack app-level tokens
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, // AWS access key ids
  /(aws_secret_access_key|AWS_SECRET_ACCESS_KEY|aws_session_token|AWS_SESSION_TOKEN)(\s*[=:]\s*)\S+/g,
  /(SigninToken=)[^&\s"]+/g,
];

/** Replaces anything that looks like a token or an AWS credential with `[redacted]`. */
export function scrubSecrets(text: string): string {
  let out = text;
  for (const pattern of SECRET_PATTERNS) {
    out = out.replace(pattern, (_m, key?: string, sep?: string) =>
      typeof key === 'string' && typeof sep === 'string' ? `${key}${sep}[redacted]` : '[redacted]',
    );
  }
  return out;
}

/** Field names whose values are never logged, at any of the first levels of a logged object. */
const REDACT_KEYS = new Set([
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'clientSecret',
  'authorization',
  'Authorization',
  'password',
  'SecretAccessKey',
  'secretAccessKey',
  'SessionToken',
  'sessionToken',
  'Credentials',
  'credentials',
  'response_url',
  'responseUrl',
  'trigger_id',
  'x-slack-signature',
]);
/** How deep fields are looked at: the logged object, its fields, theirs, and one more level. */
const REDACT_DEPTH = 3;
const CENSOR = '[redacted]';

/**
 * `value` with every field named in REDACT_KEYS replaced by `[redacted]`, down to `depth` levels; the
 * same object when it holds none (nothing is copied, and the caller's object is never changed).
 *
 * pino's own `redact` does this with wildcard paths (`*.token`, `*.*.token`), at about 50 µs a line
 * against 5 µs without; with one log line per Slack request that was a tenth of an ack's CPU. A walk
 * over the few fields of a log object costs next to nothing.
 */
export function redactFields<T>(value: T, depth = REDACT_DEPTH): T {
  if (value === null || typeof value !== 'object' || depth <= 0) return value;
  const source = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(source)) {
    const field = source[key];
    const next = REDACT_KEYS.has(key) && field !== undefined ? CENSOR : redactFields(field, depth - 1);
    if (next === field) continue;
    if (!copy) {
      // Keep the kind of object (an array, an Error with its message and stack) with all its properties.
      copy = Array.isArray(source)
        ? ([...(source as unknown[])] as unknown as Record<string, unknown>)
        : Object.create(Object.getPrototypeOf(source) as object | null);
      if (!Array.isArray(source)) Object.defineProperties(copy, Object.getOwnPropertyDescriptors(source));
    }
    copy![key] = next;
  }
  return (copy ?? value) as T;
}

/**
 * Builds the process logger: one JSON object per line, secrets redacted by key and by pattern.
 * `destination` is for tests that read what was logged.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { app: 'gdpr-bot' },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === 'string' ? scrubSecrets(a) : a)) as typeof args;
          method.apply(this, scrubbed);
        },
      },
      formatters: {
        log(logged) {
          const object = redactFields(logged);
          // Error messages and stacks may quote a token; scrub them too.
          const err = object.err as { message?: string; stack?: string } | undefined;
          if (err && typeof err === 'object') {
            return {
              ...object,
              err: {
                ...err,
                message: err.message ? scrubSecrets(err.message) : err.message,
                stack: err.stack ? scrubSecrets(err.stack) : err.stack,
              },
            };
          }
          return object;
        },
      },
      serializers: { err: pino.stdSerializers.err },
    },
    destination as pino.DestinationStream | undefined,
  );
}
