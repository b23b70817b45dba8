// The webhook intake in process, on a loopback listener: senders that trickle their bodies are
// cut off after the body deadline, so they cannot hold the shared in-flight budget and refuse
// genuine deliveries (a slow-body attack on the budget).
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import nock from 'nock';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookIntake } from '../../src/app/webhook-intake.ts';

const SECRET = 'slow-body-secret';
const received: string[] = [];
let server: Server;
let port = 0;

beforeAll(async () => {
  nock.restore();
  const intake = createWebhookIntake({
    secrets: [SECRET],
    log: pino({ level: 'silent' }),
    receive: async (event) => void received.push(event.id),
    maxInflightBytes: 64 * 1024,
    bodyTimeoutMs: 300,
  });
  server = createServer((req, res) => void intake(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  nock.activate();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** Opens a delivery that declares `declared` bytes, sends `sent` of them, then goes quiet. */
function trickle(declared: number, sent: number): Promise<{ socket: Socket; answer: Promise<string> }> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.write(['POST /hook HTTP/1.1', 'host: x', 'content-type: application/json', 'x-github-event: ping', 'x-github-delivery: slow', `x-hub-signature-256: sha256=${'0'.repeat(64)}`, `content-length: ${declared}`, '', ''].join('\r\n'));
      socket.write(Buffer.alloc(sent, 0x20));
      let text = '';
      const answer = new Promise<string>((done) => {
        socket.setEncoding('latin1');
        socket.on('data', (chunk: string) => (text += chunk));
        socket.on('close', () => done(text));
        socket.on('error', () => done(text));
      });
      resolve({ socket, answer });
    });
  });
}

async function deliver(id: string): Promise<number> {
  const body = JSON.stringify({ zen: 'Keep it logically awesome.' });
  const signature = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
  const response = await fetch(`http://127.0.0.1:${port}/hook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-github-event': 'ping', 'x-github-delivery': id, 'x-hub-signature-256': signature }, body });
  return response.status;
}

describe('a body that trickles in', () => {
  it('is refused with 408 after the body deadline, and gives its share of the budget back', async () => {
    // Two quiet senders hold the whole 64 KiB budget between them.
    const quiet = await Promise.all([trickle(60 * 1024, 32 * 1024), trickle(60 * 1024, 32 * 1024)]);
    const answers = await Promise.all(quiet.map((sender) => sender.answer));
    for (const answer of answers) expect(answer).toMatch(/^HTTP\/1\.1 408/);
    // The budget is free again: a genuine delivery goes through.
    expect(await deliver('genuine-after-slow')).toBe(200);
    expect(received).toContain('genuine-after-slow');
  });
});
