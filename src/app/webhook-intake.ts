// The webhook endpoint, in front of Probot's: the body is bounded before it is buffered, and
// its signature is checked against the current secret and, during a rotation, the previous one.
// Probot's own middleware reads the whole body before verifying anything, so one unauthenticated
// POST could hold any amount of memory; here a body over GitHub's cap is refused from its
// `content-length`, or as soon as the running count passes the cap, with 413 and the stream
// destroyed. A verified delivery is queued and answered 202 (the server's way, `enqueue`), or
// goes to Probot's `receive`, as its middleware would send it.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';

/** GitHub caps webhook payloads at 25 MB and does not deliver larger ones: nothing bigger is genuine. */
export const MAX_WEBHOOK_BODY_BYTES = 25 * 1024 * 1024;
/**
 * Bytes all webhook bodies being read at once may hold. Unauthenticated senders can open many
 * connections; this keeps their bodies under 64 MiB together (GitHub's own deliveries are
 * kilobytes, so genuine traffic never comes close).
 */
export const MAX_WEBHOOK_INFLIGHT_BYTES = 64 * 1024 * 1024;
/**
 * How long reading one body may take. GitHub sends a delivery in one go (kilobytes, well under a
 * second); a sender that trickles bytes would otherwise hold its share of the in-flight budget
 * until Node's 300 s request timeout, and a few such senders would refuse every genuine delivery.
 */
export const WEBHOOK_BODY_TIMEOUT_MS = 10_000;
/** GitHub waits 10 s for an answer: after this the delivery is acknowledged (202) and handled on. */
export const WEBHOOK_ANSWER_TIMEOUT_MS = 9_000;

export interface WebhookEvent {
  id: string;
  name: string;
  payload: unknown;
}

export interface WebhookIntakeOptions {
  /** The secrets a signature may be made with: the current one first, then the previous one during a rotation. */
  secrets: readonly string[];
  /** Hands a verified delivery to the app (Probot's `receive`). */
  receive(event: WebhookEvent): Promise<unknown>;
  /**
   * When given, a verified delivery is queued here instead (a work queue job, worked after the
   * answer) and answered 202 at once: no GitHub call before the answer. A queue that cannot take
   * it (Redis away) gets a 503, so GitHub marks the delivery failed and it can be redelivered.
   */
  enqueue?(event: WebhookEvent): Promise<unknown>;
  log: Logger;
  maxBodyBytes?: number;
  maxInflightBytes?: number;
  answerTimeoutMs?: number;
  bodyTimeoutMs?: number;
}

const JSON_TYPE = /^\s*application\/json\s*(?:;|$)/i;
const REQUIRED_HEADERS = ['x-github-event', 'x-hub-signature-256', 'x-github-delivery'] as const;

class BodyRefused extends Error {
  override name = 'BodyRefused';
  readonly status: 408 | 413 | 503;
  constructor(status: 408 | 413 | 503, message: string) {
    super(message);
    this.status = status;
  }
}

function answer(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

/** Answers, then closes the connection without reading the rest of the body. */
function refuse(req: IncomingMessage, res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  answer(res, status, { error: message }, { connection: 'close', ...headers });
  // Let the answer reach the socket, then drop the connection and whatever the sender is still writing.
  const drop = () => req.socket.destroy();
  res.once('finish', drop);
  setTimeout(drop, 1_000).unref();
}

/** A byte budget shared by every body being read. */
function createBudget(limit: number) {
  let used = 0;
  return {
    take(bytes: number): boolean {
      if (used + bytes > limit) return false;
      used += bytes;
      return true;
    },
    give(bytes: number): void {
      used -= bytes;
    },
  };
}

/**
 * Reads the body, refusing it past `max` bytes, when the shared budget is spent, or when it takes
 * longer than `timeoutMs`; never holds more than that.
 */
function readBoundedBody(req: IncomingMessage, max: number, budget: ReturnType<typeof createBudget>, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const timer = setTimeout(() => finish(new BodyRefused(408, `the body did not arrive within ${timeoutMs / 1000} s`)), timeoutMs);
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      budget.give(size);
      req.removeListener('data', onData);
      if (error === undefined) resolve(Buffer.concat(chunks, size));
      else {
        chunks.length = 0;
        reject(error);
      }
    };
    const onData = (chunk: Buffer) => {
      if (size + chunk.length > max) return finish(new BodyRefused(413, `the body is over ${max} bytes (GitHub's webhook limit)`));
      if (!budget.take(chunk.length)) return finish(new BodyRefused(503, 'too many webhook bodies are being read; redeliver later'));
      size += chunk.length;
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => finish());
    req.once('error', (error) => finish(error));
    req.once('close', () => finish(new Error('the connection closed before the body was complete')));
  });
}

function hmac(secret: string, body: Buffer): Buffer {
  return Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
}

/**
 * True when `signature` is the body's HMAC-SHA256 under any of `secrets`. Every secret is
 * compared, each in constant time, whichever matches: the time taken tells nothing.
 */
export function signatureMatches(secrets: readonly string[], body: Buffer, signature: string): boolean {
  const given = Buffer.from(signature);
  let matched = false;
  for (const secret of secrets) {
    const expected = hmac(secret, body);
    const comparable = given.length === expected.length;
    // A signature of the wrong length still costs one comparison, like any other.
    const same = timingSafeEqual(comparable ? given : expected, expected) && comparable;
    matched = same || matched;
  }
  return matched;
}

/** Races `work` against the answer timeout; 'timeout' when GitHub must be answered first. */
async function within(work: Promise<unknown>, ms: number): Promise<'done' | 'timeout'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const bound = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  try {
    return await Promise.race([work.then(() => 'done' as const), bound]);
  } finally {
    clearTimeout(timer);
  }
}

/** The webhook path's handler: answers every request to it (the caller matched the path). */
export function createWebhookIntake(options: WebhookIntakeOptions) {
  const maxBody = options.maxBodyBytes ?? MAX_WEBHOOK_BODY_BYTES;
  const budget = createBudget(options.maxInflightBytes ?? MAX_WEBHOOK_INFLIGHT_BYTES);
  const timeoutMs = options.answerTimeoutMs ?? WEBHOOK_ANSWER_TIMEOUT_MS;
  const bodyTimeoutMs = options.bodyTimeoutMs ?? WEBHOOK_BODY_TIMEOUT_MS;
  const log = options.log.child({ component: 'webhooks' });
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'POST') return refuse(req, res, 404, `Unknown route: ${req.method ?? ''} ${(req.url ?? '').split('?')[0] ?? ''}`);
    const declared = req.headers['content-length'];
    if (declared !== undefined && (!/^\d+$/.test(declared) || Number(declared) > maxBody)) {
      log.warn({ contentLength: declared.slice(0, 20), limit: maxBody }, 'webhook refused: body over the limit');
      return refuse(req, res, 413, `the body is over ${maxBody} bytes (GitHub's webhook limit)`);
    }
    if (!JSON_TYPE.test(req.headers['content-type'] ?? '')) return refuse(req, res, 415, 'Unsupported "Content-Type" header value. Must be "application/json"');
    const missing = REQUIRED_HEADERS.filter((name) => typeof req.headers[name] !== 'string');
    if (missing.length > 0) return refuse(req, res, 400, `Required headers missing: ${missing.join(', ')}`);
    const name = req.headers['x-github-event'] as string;
    const id = req.headers['x-github-delivery'] as string;
    let body: Buffer;
    try {
      body = await readBoundedBody(req, maxBody, budget, bodyTimeoutMs);
    } catch (error) {
      if (!(error instanceof BodyRefused)) {
        req.destroy();
        return;
      }
      log.warn({ status: error.status, limit: maxBody, delivery: id.slice(0, 64), reason: error.message }, error.status === 408 ? 'webhook refused: the body was too slow' : 'webhook refused: body over the limit');
      return refuse(req, res, error.status, error.message, error.status === 503 ? { 'retry-after': '30' } : {});
    }
    if (!signatureMatches(options.secrets, body, req.headers['x-hub-signature-256'] as string)) {
      log.warn({ event: name.slice(0, 64), delivery: id.slice(0, 64) }, 'webhook refused: the signature matches no secret');
      return answer(res, 400, { error: 'signature does not match event payload and secret' });
    }
    let payload: unknown;
    try {
      payload = JSON.parse(body.toString('utf8'));
    } catch {
      return answer(res, 400, { error: 'Invalid JSON' });
    }
    if (options.enqueue !== undefined) {
      try {
        await options.enqueue({ id, name, payload });
      } catch (error) {
        log.error({ err: error, event: name.slice(0, 64), delivery: id.slice(0, 64) }, 'webhook not queued: the work queue is unavailable');
        return answer(res, 503, { error: 'the work queue is unavailable; redeliver this webhook later' }, { 'retry-after': '30' });
      }
      return answer(res, 202, 'accepted\n');
    }
    // Probot's error handler logs what a handler throws; the answer only says it failed.
    const handled = options.receive({ id, name, payload }).then(
      () => answer(res, 200, 'ok\n'),
      () => answer(res, 500, { error: 'the event handler failed' }),
    );
    if ((await within(handled, timeoutMs)) === 'timeout') answer(res, 202, 'still processing\n');
  };
}
