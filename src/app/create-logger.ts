// pino, JSON by default and pretty in development; secrets never reach the output:
// Authorization headers, tokens, the private key and signed artifact URLs are redacted,
// by key (pino's redact paths) and by shape (every string value goes through the one
// scrubber, src/core/secrets/scrub-secrets.ts, which GitHub error messages use too).
import pino from 'pino';
import type { Logger } from 'pino';
import pretty from 'pino-pretty';
import { scrubSecrets } from '../core/secrets/scrub-secrets.ts';

const CENSOR = '[redacted]';

const REDACT_PATHS = [
  'privateKey',
  '*.privateKey',
  'token',
  '*.token',
  'password',
  '*.password',
  'secret',
  '*.secret',
  'webhookSecret',
  '*.webhookSecret',
  'headers.authorization',
  '*.headers.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-hub-signature"]',
  'req.headers["x-hub-signature-256"]',
  'res.headers["set-cookie"]',
  'err.request.headers.authorization',
  'err.response.headers.location',
  'err.response.headers["set-cookie"]',
];

export { scrubSecrets };

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** An Error as a plain, scrubbed object: type, message, stack, and GitHub/Node status fields. */
export function scrubError(error: Error, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = { type: error.name, message: scrubSecrets(error.message) };
  if (error.stack !== undefined) out.stack = scrubSecrets(error.stack);
  const extra = error as Error & { status?: unknown; code?: unknown; kind?: unknown };
  if (typeof extra.status === 'number') out.status = extra.status;
  if (typeof extra.code === 'string' || typeof extra.code === 'number') out.code = extra.code;
  if (typeof extra.kind === 'string') out.kind = extra.kind;
  if (error.cause instanceof Error && depth < 3) out.cause = scrubError(error.cause, depth + 1);
  return out;
}

/**
 * Scrubs strings inside plain objects and arrays, and turns Errors into scrubbed plain objects.
 * Class instances (an IncomingMessage, a ServerResponse) are left to pino's serializers.
 */
export function scrubValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubSecrets(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return scrubError(value);
  if (depth > 6) return value;
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, depth + 1));
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrubValue(item, depth + 1)]));
}

/** `log.error(error)` and `log.error(error, 'msg')` keep pino's shape: the error under `err`. */
function scrubArgs(args: unknown[]): unknown[] {
  const [first, ...rest] = args;
  if (first instanceof Error) return [{ err: scrubError(first) }, ...(rest.length > 0 ? rest.map((arg) => scrubValue(arg)) : [scrubSecrets(first.message)])];
  return args.map((arg) => scrubValue(arg));
}

/** Probot's HTTP log line for a successful probe or scrape: written only when debug is on. */
const PROBE_LINE = /^(?:GET|HEAD) \/(?:healthz|readyz|metrics|ping)(?:\?\S*)? [23]\d\d - \d+ms$/;

export interface LoggerOptions {
  level: string;
  format: 'json' | 'pretty';
  /** Where lines go (tests pass a stream; pretty lines are then uncoloured); stdout by default, synchronously, so nothing is lost on exit. */
  destination?: pino.DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  const config: pino.LoggerOptions = {
    name: 'freshpin',
    level: options.level,
    redact: { paths: REDACT_PATHS, censor: CENSOR },
    serializers: { err: (err: unknown) => scrubValue(err) },
    hooks: {
      logMethod(args, method, level) {
        if (level === 30 && typeof args[1] === 'string' && PROBE_LINE.test(args[1]) && !this.isLevelEnabled('debug')) return;
        method.apply(this, scrubArgs(args) as Parameters<typeof method>);
      },
    },
  };
  const destination =
    options.format === 'pretty'
      ? pretty({ sync: true, colorize: options.destination === undefined, ...(options.destination === undefined ? {} : { destination: options.destination }) })
      : (options.destination ?? pino.destination({ sync: true }));
  return pino(config, destination);
}
