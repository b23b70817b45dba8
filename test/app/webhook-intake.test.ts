// The webhook endpoint of the server process (as `npm start` runs it): a body over GitHub's
// 25 MB cap is refused with 413 before it is buffered (from its content-length, or from the
// running count of a chunked body) and the connection is dropped; during a secret rotation a
// delivery signed with either secret is accepted, any other is refused.
import { createHmac } from 'node:crypto';
import { connect } from 'node:net';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_WEBHOOK_BODY_BYTES } from '../../src/app/webhook-intake.ts';
import { startGitHubFake } from '../fakes/github/index.ts';
import type { GitHubFake } from '../fakes/github/index.ts';
import type { SpawnedMain } from './ops-harness.ts';
import { freePort, http, isolatedEnv, rsaKeyPem, spawnMain, tempDir } from './ops-harness.ts';

const SECRET = 'current-secret-2026';
const PREVIOUS = 'previous-secret-2025';
const dir = tempDir();
let fake: GitHubFake;
let main: SpawnedMain;
let port = 0;

beforeAll(async () => {
  // nock's interceptor buffers what a client socket writes before deciding to pass it through:
  // this test needs the real socket's backpressure to see how much the server reads.
  nock.restore();
  fake = await startGitHubFake();
  port = await freePort();
  main = spawnMain(
    isolatedEnv({
      APP_ID: '4242',
      PRIVATE_KEY: rsaKeyPem(),
      WEBHOOK_SECRET: SECRET,
      WEBHOOK_SECRET_PREVIOUS: PREVIOUS,
      PORT: String(port),
      HOST: '127.0.0.1',
      GHE_HOST: new URL(fake.url).host,
      GHE_PROTOCOL: 'http',
      FRESHPIN_CRON: 'off',
      NODE_ENV: 'production',
    }),
    { cwd: dir.dir },
  );
  await main.waitFor((record) => record.msg === 'freshpin started', 'startup');
}, 30_000);

afterAll(async () => {
  nock.activate();
  main?.kill();
  await fake?.stop();
  dir.cleanup();
});

const sign = (secret: string, body: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
const HEADERS = { 'content-type': 'application/json', 'x-github-event': 'ping', 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` };

interface Outcome {
  status: number | undefined;
  /** Body bytes the client managed to hand to the socket before the answer or the reset. */
  written: number;
}

/**
 * POSTs up to `total` bytes over a raw socket, in 256 KiB chunks with backpressure, stopping at
 * the first answer or when the server drops the connection. `declare` sends a content-length
 * of `total`; otherwise the body is chunked (no length known in advance).
 */
function postLarge(total: number, declare: boolean, path = '/api/github/webhooks'): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const head = [
      `POST ${path} HTTP/1.1`,
      `host: 127.0.0.1:${port}`,
      ...Object.entries({ ...HEADERS, 'x-github-delivery': `large-${declare}` }).map(([key, value]) => `${key}: ${value}`),
      declare ? `content-length: ${total}` : 'transfer-encoding: chunked',
      '',
      '',
    ].join('\r\n');
    const chunk = Buffer.alloc(256 * 1024, 0x20);
    const framed = declare ? chunk : Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
    let written = 0;
    let response = '';
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      socket.destroy();
      const match = /^HTTP\/1\.1 (\d{3})/.exec(response);
      resolve({ status: match === null ? undefined : Number(match[1]), written });
    };
    socket.setEncoding('latin1');
    socket.on('data', (text: string) => {
      response += text;
      if (response.includes('\r\n\r\n')) finish();
    });
    socket.on('error', finish);
    socket.on('close', finish);
    const pump = () => {
      while (!done && response === '' && written < total) {
        written += chunk.length;
        if (!socket.write(framed)) return void socket.once('drain', pump);
      }
    };
    socket.once('connect', () => {
      socket.write(head);
      // With a declared length the server answers from the headers: give it a moment first.
      if (declare) setTimeout(pump, 300);
      else pump();
    });
  });
}

describe('the webhook endpoint bounds the body before verifying it', () => {
  it('refuses a declared 600 MB body with 413, reading none of it', async () => {
    const outcome = await postLarge(600 * 1024 * 1024, true);
    expect(outcome.status).toBe(413);
    expect(outcome.written).toBeLessThan(MAX_WEBHOOK_BODY_BYTES);
  }, 30_000);

  // Probot's own middleware resolves `.`/`..` segments and trailing slashes: every spelling of the
  // webhook path must reach the bounded intake, never that middleware (which reads the whole body).
  it.each(['/api/github/./webhooks', '/api/github/x/../webhooks', '/api/github/%2e/webhooks', '/api/github/webhooks//', '/api/github/webhooks?x=1'])('refuses a declared 600 MB body on %s with 413 too', async (path) => {
    const outcome = await postLarge(600 * 1024 * 1024, true, path);
    expect(outcome.status).toBe(413);
    expect(outcome.written).toBeLessThan(MAX_WEBHOOK_BODY_BYTES);
  }, 30_000);

  it('refuses a chunked body once the running count passes 25 MB, and drops the connection', async () => {
    const outcome = await postLarge(600 * 1024 * 1024, false);
    // The client got the 413 or saw the connection dropped; either way it could not send much past the cap.
    if (outcome.status !== undefined) expect(outcome.status).toBe(413);
    expect(outcome.written).toBeLessThan(MAX_WEBHOOK_BODY_BYTES + 8 * 1024 * 1024);
    await main.waitFor((record) => record.msg === 'webhook refused: body over the limit' && record.status === 413, 'the refusal log line');
    expect((await http(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  }, 60_000);

  it('still accepts a signed delivery of normal size afterwards', async () => {
    const body = JSON.stringify({ zen: 'Approachable is better than simple.', hook_id: 1, padding: 'x'.repeat(512 * 1024) });
    const answer = await http(`http://127.0.0.1:${port}/api/github/webhooks`, { method: 'POST', headers: { ...HEADERS, 'x-github-delivery': 'normal', 'x-hub-signature-256': sign(SECRET, body) }, body });
    expect(answer.status).toBe(202);
  });
});

describe('webhook secret rotation (WEBHOOK_SECRET_PREVIOUS)', () => {
  const body = JSON.stringify({ zen: 'Keep it logically awesome.', hook_id: 2 });
  it.each([
    // Verified: queued and acknowledged at once (202), worked after the answer.
    ['the current secret', SECRET, 202],
    ['the previous secret', PREVIOUS, 202],
    ['another secret', 'not-the-secret', 400],
    ['the two secrets concatenated', `${SECRET}${PREVIOUS}`, 400],
  ])('a delivery signed with %s: %s', async (_name, secret, status) => {
    const answer = await http(`http://127.0.0.1:${port}/api/github/webhooks`, { method: 'POST', headers: { ...HEADERS, 'x-github-delivery': `rotation-${secret}`, 'x-hub-signature-256': sign(secret, body) }, body });
    expect(answer.status).toBe(status);
  });

  it('refuses a malformed signature header', async () => {
    const answer = await http(`http://127.0.0.1:${port}/api/github/webhooks`, { method: 'POST', headers: { ...HEADERS, 'x-github-delivery': 'short', 'x-hub-signature-256': 'sha256=abc' }, body });
    expect(answer.status).toBe(400);
  });
});
