// pino, JSON by default and pretty in development; secrets never reach the output:
// Authorization headers, tokens, the private key and signed artifact URLs are redacted.
import pino from 'pino';
import type { Logger } from 'pino';
import pretty from 'pino-pretty';

const REDACT_PATHS = [
  'privateKey',
  '*.privateKey',
  'token',
  '*.token',
  'password',
  '*.password',
  'secret',
  '*.secret',
  'headers.authorization',
  '*.headers.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'err.request.headers.authorization',
  'err.response.headers.location',
  'err.response.headers["set-cookie"]',
];

const SECRET_PATTERNS: Array<[RegExp, string]> = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g, '[private key redacted]'],
  [/\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})\b/g, '[token redacted]'],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\b/g, '[jwt redacted]'],
  [/\b((?:token|bearer|basic)\s+)[A-Za-z0-9._~+/=-]{12,}/gi, '$1[redacted]'],
  [/(https?:\/\/[^\s"']*?)\?[^\s"']*(?:sig|signature|X-Amz-Signature|se|token)=[^\s"']*/gi, '$1?[signed query redacted]'],
];

/** Removes secrets from a string; used on every log line's string values. */
export function scrubSecrets(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

function scrubValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return scrubSecrets(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    return { type: value.name, message: scrubSecrets(value.message), stack: value.stack === undefined ? undefined : scrubSecrets(value.stack) };
  }
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrubValue(item, depth + 1)]));
}

export function createLogger(options: { level: string; format: 'json' | 'pretty'; destination?: pino.DestinationStream }): Logger {
  const config: pino.LoggerOptions = {
    name: 'freshpin',
    level: options.level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: { err: (err: unknown) => scrubValue(err, 0) },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((arg) => scrubValue(arg, 0)) as Parameters<typeof method>);
      },
    },
  };
  const destination = options.destination ?? (options.format === 'pretty' ? pretty({ sync: true, colorize: true }) : pino.destination({ sync: true }));
  return pino(config, destination);
}
