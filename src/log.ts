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

/** Field names whose values are never logged, wherever they appear (two levels deep and at the top). */
const REDACT_KEYS = [
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
];
const REDACT_PATHS = [
  ...REDACT_KEYS,
  ...REDACT_KEYS.map((k) => `*.${k}`),
  ...REDACT_KEYS.map((k) => `*.*.${k}`),
  'req.headers["x-slack-signature"]',
];

/**
 * Builds the process logger: one JSON object per line, secrets redacted by key and by pattern.
 * `destination` is for tests that read what was logged.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { app: 'gdpr-bot' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === 'string' ? scrubSecrets(a) : a)) as typeof args;
          method.apply(this, scrubbed);
        },
      },
      formatters: {
        log(object) {
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
