// PR comment commands through Probot with GitHub faked at HTTP (nock; retries and throttle
// off): who may command (the permission matrix, fail closed), what is never answered (bots,
// edits), and `merge` under its rules: the scan on the current head, the `sha` guard, one
// attempt, 405 and 409 explained. A request nock does not expect fails the test.
import { generateKeyPairSync } from 'node:crypto';
import nock from 'nock';
import type { Probot } from 'probot';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAppRuntime } from '../../src/app/app-runtime.ts';
import type { AppRuntime } from '../../src/app/app-runtime.ts';
import { createLogger } from '../../src/app/create-logger.ts';
import { freshpinApp } from '../../src/app/freshpin-app.ts';
import type { BumpMarker } from '../../src/core/markers/bump-marker.ts';
import { renderBumpMarker } from '../../src/core/markers/bump-marker.ts';
import { renderMarker } from '../../src/core/markers/markers.ts';
import { webhookPayloadProblems } from '../fakes/github/index.ts';
import { quietProbotClass } from '../helpers/create-freshpin-instance.ts';
import { commentPayload } from './command-payloads.ts';

const API = 'https://api.github.com';
const OWNER = 'octo-org';
const NAME = 'octo-repo';
const R = `/repos/${OWNER}/${NAME}`;
const INSTALLATION = 42;
const APP_LOGIN = 'freshpin[bot]';
const PR = 7;
const COMMENT = 9001;
const BRANCH = 'freshpin/dockerfile/debian-version';
const RAW = { 'content-type': 'text/plain; charset=utf-8' };

const sha = (char: string) => char.repeat(40);

const MARKER: BumpMarker = { v: 1, file: 'Dockerfile', pin: 'arg:DEBIAN_VERSION', name: 'DEBIAN_VERSION', current: 'bullseye-20250520-slim', proposed: 'bullseye-20250610-slim', history: [] };
const prBody = (marker: Partial<BumpMarker> = {}) => `freshpin bumps DEBIAN_VERSION.\n\n${renderBumpMarker({ ...MARKER, ...marker })}\n`;

let privateKey = '';

beforeAll(() => {
  privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
});

interface Setup {
  probot: Probot;
  runtime: AppRuntime;
  logs: Array<Record<string, unknown>>;
  unexpected: string[];
  deliver(payload: Record<string, unknown>, options?: { id?: string; name?: string }): Promise<void>;
}

let unexpected: string[] = [];
const onNoMatch = (req: { method?: string; path?: string; href?: string }) => unexpected.push(`${req.method ?? '?'} ${req.path ?? req.href ?? '?'}`);

beforeEach(() => {
  unexpected = [];
  nock.emitter.on('no match', onNoMatch);
});

afterEach(() => {
  nock.emitter.removeListener('no match', onNoMatch);
  expect(unexpected).toEqual([]);
});

async function setup(): Promise<Setup> {
  const logs: Array<Record<string, unknown>> = [];
  const log = createLogger({ level: 'info', format: 'json', destination: { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) } });
  const probot = new (quietProbotClass({ appId: '1', privateKey, webhookSecret: 'secret', githubBaseUrl: undefined }, log))();
  const runtime = createAppRuntime({ registry: { mirrors: {}, credentials: {}, hubApiUrl: 'none' }, now: () => new Date('2026-11-29T00:00:00Z'), sleep: async () => undefined });
  await probot.load(freshpinApp(runtime, { schedulerRunning: () => true, shuttingDown: () => false }), { cwd: process.cwd(), addHandler: () => undefined });
  let delivery = 0;
  return {
    probot,
    runtime,
    logs,
    unexpected,
    deliver: (payload, options = {}) => probot.receive({ id: options.id ?? `d-${++delivery}`, name: options.name ?? 'issue_comment', payload } as Parameters<Probot['receive']>[0]),
  };
}

function payload(body: string, options: { sender?: { login: string; type?: 'User' | 'Bot' }; action?: 'created' | 'edited'; issueBody?: string; authorLogin?: string; isPull?: boolean } = {}) {
  const result = commentPayload({
    ...(options.action === undefined ? {} : { action: options.action }),
    owner: OWNER,
    repo: NAME,
    installationId: INSTALLATION,
    issue: { number: PR, body: options.issueBody ?? prBody(), authorLogin: options.authorLogin ?? APP_LOGIN, isPull: options.isPull ?? true },
    comment: { id: COMMENT, body },
    sender: options.sender ?? { login: 'alice' },
  });
  expect(webhookPayloadProblems(`issue-comment-${options.action ?? 'created'}`, result)).toEqual([]);
  return result;
}

/** Installation token and the app's identity: what the first handled command costs. */
function mockSession() {
  nock(API).post(`/app/installations/${INSTALLATION}/access_tokens`).reply(201, { token: 'ghs_commandtoken', expires_at: '2999-01-01T00:00:00Z', permissions: {}, repository_selection: 'all' });
  nock(API).get('/app').reply(200, { id: 1, slug: 'freshpin' });
}

function mockReaction(content: string) {
  nock(API)
    .post(`${R}/issues/comments/${COMMENT}/reactions`, (body: { content?: string }) => body.content === content)
    .reply(201, { id: 1, content });
}

function mockPermission(status: number, body: unknown) {
  nock(API).get(`${R}/collaborators/alice/permission`).reply(status, body as nock.Body);
}

/** The reply: the app's comments listed (none yet), then one posted; returns what was posted. */
function mockReply(): { body: string } {
  const posted = { body: '' };
  nock(API).get(`${R}/issues/${PR}/comments`).query(true).reply(200, []);
  nock(API)
    .post(`${R}/issues/${PR}/comments`)
    .reply(async (req: Request) => {
      posted.body = ((await req.json()) as { body: string }).body;
      return [201, { id: 777, body: posted.body, user: { login: APP_LOGIN, type: 'Bot' } }];
    });
  return posted;
}

const auditLines = (s: Setup) => s.logs.filter((line) => line.msg === 'command');

describe('who may command', () => {
  it.each([
    ['admin', { permission: 'admin', role_name: 'admin' }],
    ['maintain', { permission: 'write', role_name: 'maintain' }],
    ['write', { permission: 'write', role_name: 'write' }],
  ])('%s acts: 👀, the command, 👍', async (_role, answer) => {
    const s = await setup();
    mockSession();
    mockReaction('eyes');
    mockPermission(200, { ...answer, user: { login: 'alice', type: 'User' } });
    mockReaction('+1');
    const reply = mockReply();
    await s.deliver(payload('/freshpin help'));
    expect(reply.body).toContain('`@freshpin merge [squash|merge|rebase]`');
    expect(auditLines(s)).toEqual([expect.objectContaining({ actor: 'alice', repo: `${OWNER}/${NAME}`, pull: PR, command: 'help', outcome: 'done' })]);
    expect((await s.runtime.metrics.commands.get()).values).toEqual([expect.objectContaining({ labels: { command: 'help', outcome: 'done' }, value: 1 })]);
  });

  it.each([
    ['triage', 200, { permission: 'read', role_name: 'triage', user: { login: 'alice' } }, 'yours is `triage`'],
    ['read', 200, { permission: 'read', role_name: 'read', user: { login: 'alice' } }, 'yours is `read`'],
    ['none', 200, { permission: 'none', role_name: null, user: { login: 'alice' } }, 'yours is `none`'],
    ['404 (not a collaborator)', 404, { message: 'Not Found' }, 'could not confirm'],
    ['500', 500, { message: 'Server Error' }, 'could not confirm'],
  ])('%s is refused with 😕 and a reply, and nothing else happens', async (_case, status, answer, why) => {
    const s = await setup();
    mockSession();
    mockReaction('eyes');
    mockPermission(status, answer);
    mockReaction('confused');
    const reply = mockReply();
    await s.deliver(payload('/freshpin merge'));
    expect(reply.body).toContain('freshpin did not run `merge`');
    expect(reply.body).toContain(why);
    expect(auditLines(s)).toEqual([expect.objectContaining({ actor: 'alice', command: 'merge', outcome: 'refused' })]);
  });

  it.each([
    ['a Bot sender', payload('/freshpin merge', { sender: { login: 'renovate[bot]', type: 'Bot' } })],
    ['the app itself', payload('@freshpin merge', { sender: { login: APP_LOGIN, type: 'Bot' } })],
    ['a login ending in [bot]', payload('/freshpin merge', { sender: { login: 'ci[bot]', type: 'User' } })],
    ['an edited comment', payload('/freshpin merge', { action: 'edited' })],
  ])('%s makes no request at all', async (_case, body) => {
    const s = await setup();
    await s.deliver(body);
    expect(unexpected).toEqual([]);
    expect(nock.pendingMocks()).toEqual([]);
    expect(auditLines(s)).toEqual([]);
  });

  it('on a PR that is not freshpin’s, only help is answered (other commands: not even a reaction)', async () => {
    const s = await setup();
    mockSession();
    await s.deliver(payload('/freshpin merge', { authorLogin: 'bob', issueBody: 'A human PR' }));
    expect(auditLines(s)).toEqual([expect.objectContaining({ command: 'merge', outcome: 'ignored' })]);

    mockReaction('eyes');
    mockPermission(200, { permission: 'write', role_name: 'write', user: { login: 'alice' } });
    mockReaction('+1');
    const reply = mockReply();
    await s.deliver(payload('/freshpin help', { authorLogin: 'bob', issueBody: 'A human PR' }));
    expect(reply.body).toContain('`@freshpin help`');
  });

  it('answers a garbled command with the parser’s hint', async () => {
    const s = await setup();
    mockSession();
    mockReaction('eyes');
    mockPermission(200, { permission: 'write', role_name: 'write', user: { login: 'alice' } });
    mockReaction('confused');
    const reply = mockReply();
    await s.deliver(payload('/freshpin mrege'));
    expect(reply.body).toContain('Unknown command');
    expect(reply.body).toContain('Did you mean `/freshpin merge`?');
  });

  it('ignores commands in code and quotes (no request)', async () => {
    const s = await setup();
    nock(API).get('/app').reply(200, { id: 1, slug: 'freshpin' });
    await s.deliver(payload('Try this:\n\n```\n/freshpin merge\n```\n\n> /freshpin reject'));
    expect(auditLines(s)).toEqual([]);
  });
});

/** The bump PR as GitHub answers `GET /pulls/7`. */
function pullJson(options: { headSha: string; merged?: boolean; state?: string; mergeable?: boolean | null; marker?: Partial<BumpMarker> }) {
  return {
    number: PR,
    state: options.state ?? (options.merged === true ? 'closed' : 'open'),
    title: 'chore(deps): bump debian base image to bullseye-20250610-slim',
    body: prBody(options.marker),
    merged: options.merged ?? false,
    mergeable: options.mergeable === undefined ? true : options.mergeable,
    user: { login: APP_LOGIN, type: 'Bot' },
    labels: [],
    head: { ref: BRANCH, sha: options.headSha, repo: { full_name: `${OWNER}/${NAME}` } },
    base: { ref: 'main' },
  };
}

/** Up to the scan check: session, 👀, write permission, config, the PR. */
function mockMergeStart(pull: ReturnType<typeof pullJson>) {
  mockSession();
  mockReaction('eyes');
  mockPermission(200, { permission: 'write', role_name: 'write', user: { login: 'alice' } });
  nock(API).get(`${R}/contents/.github%2Ffreshpin.yml`).reply(200, 'mergeMethod: rebase\n', RAW);
  nock(API).get(`${R}/pulls/${PR}`).reply(200, pull);
}

function mockScanCheck(headSha: string, conclusion: string | undefined) {
  const runs = conclusion === undefined ? [] : [{ id: 55, name: 'freshpin/scan', head_sha: headSha, status: 'completed', conclusion, app: { slug: 'freshpin' } }];
  nock(API)
    .get(`${R}/commits/${headSha}/check-runs`)
    .query({ check_name: 'freshpin/scan', filter: 'latest', per_page: '100' })
    .reply(200, { total_count: runs.length, check_runs: runs });
}

describe('merge', () => {
  it('merges when the scan passed on the head SHA, with the sha guard and the config’s method', async () => {
    const s = await setup();
    mockMergeStart(pullJson({ headSha: sha('a') }));
    mockScanCheck(sha('a'), 'success');
    const merges: unknown[] = [];
    nock(API)
      .put(`${R}/pulls/${PR}/merge`)
      .reply(async (req: Request) => {
        merges.push(await req.json());
        return [200, { sha: sha('m'), merged: true, message: 'Pull Request successfully merged' }];
      });
    nock(API).delete(`${R}/git/refs/${encodeURIComponent(`heads/${BRANCH}`)}`).reply(204);
    mockReaction('+1');
    await s.deliver(payload('/freshpin merge'));
    expect(merges).toEqual([{ sha: sha('a'), merge_method: 'rebase' }]);
    expect(auditLines(s)).toEqual([expect.objectContaining({ command: 'merge', outcome: 'done' })]);
  });

  it('refuses when the head moved after the scan, and offers rescan', async () => {
    const s = await setup();
    mockMergeStart(pullJson({ headSha: sha('b'), marker: { dispatchedSha: sha('a'), runId: 31 } }));
    mockScanCheck(sha('b'), undefined);
    const scanComment = `### freshpin scan\n\n${renderMarker('scan', { v: 1, runId: 31, headSha: sha('a'), conclusion: 'success', gate: 'success' })}`;
    nock(API).get(`${R}/issues/${PR}/comments`).query(true).reply(200, [{ id: 600, body: scanComment, user: { login: APP_LOGIN, type: 'Bot' } }]);
    mockReaction('confused');
    nock(API).get(`${R}/issues/${PR}/comments`).query(true).reply(200, [{ id: 600, body: scanComment, user: { login: APP_LOGIN, type: 'Bot' } }]);
    const posted: string[] = [];
    nock(API)
      .post(`${R}/issues/${PR}/comments`)
      .reply(async (req: Request) => {
        posted.push(((await req.json()) as { body: string }).body);
        return [201, { id: 601, body: posted.at(-1), user: { login: APP_LOGIN, type: 'Bot' } }];
      });
    await s.deliver(payload('/freshpin merge'));
    expect(posted).toHaveLength(1);
    expect(posted[0]).toContain(`the head changed since the scan: the scan covered \`${sha('a').slice(0, 12)}\`, the head is now \`${sha('b').slice(0, 12)}\``);
    expect(posted[0]).toContain('`/freshpin rescan`');
  });

  it.each([
    ['no scan yet', undefined, 'no freshpin scan has run on the head commit'],
    ['a failed scan', 'failure', 'concluded `failure`'],
  ])('refuses with %s', async (_case, conclusion, why) => {
    const s = await setup();
    mockMergeStart(pullJson({ headSha: sha('c') }));
    mockScanCheck(sha('c'), conclusion);
    if (conclusion === undefined) nock(API).get(`${R}/issues/${PR}/comments`).query(true).reply(200, []);
    mockReaction('confused');
    const reply = mockReply();
    await s.deliver(payload('/freshpin merge'));
    expect(reply.body).toContain(why);
  });

  it.each([
    [405, 'Required status check "build" is expected.', 'GitHub refused the merge (405 Required status check "build" is expected.): required status checks or reviews are missing'],
    [409, 'Head branch was modified. Review and try the merge again.', 'the head branch moved after the scan of'],
  ])('answers %i with an explanation after exactly one attempt', async (status, message, explanation) => {
    const s = await setup();
    mockMergeStart(pullJson({ headSha: sha('d') }));
    mockScanCheck(sha('d'), 'success');
    nock(API).put(`${R}/pulls/${PR}/merge`).once().reply(status, { message });
    if (status === 405) nock(API).get(`${R}/pulls/${PR}`).reply(200, pullJson({ headSha: sha('d') }));
    mockReaction('confused');
    const reply = mockReply();
    await s.deliver(payload('/freshpin merge squash'));
    expect(reply.body.replace(/\\/g, '')).toContain(explanation);
    expect(reply.body).toContain('will not retry');
    expect(auditLines(s)).toEqual([expect.objectContaining({ command: 'merge', outcome: 'refused' })]);
  });

  it('says "already merged" on a merged PR', async () => {
    const s = await setup();
    mockMergeStart(pullJson({ headSha: sha('e'), merged: true }));
    mockReaction('+1');
    const reply = mockReply();
    await s.deliver(payload('/freshpin merge'));
    expect(reply.body).toBe('<!-- freshpin:command-reply-9001 -->\nThis pull request is already merged.');
  });

  it('handles one delivery id once', async () => {
    const s = await setup();
    mockMergeStart(pullJson({ headSha: sha('e'), merged: true }));
    mockReaction('+1');
    mockReply();
    const body = payload('/freshpin merge');
    await s.deliver(body, { id: 'same-delivery' });
    await s.deliver(body, { id: 'same-delivery' });
    expect(auditLines(s)).toHaveLength(1);
  });
});
