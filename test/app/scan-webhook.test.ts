// The scan result's way back into the PR, through Probot with GitHub faked at HTTP (nock):
// workflow_run.completed → one comment and one check run; later runs edit the same
// comment; old commits and forks are ignored; expired artifacts are explained; a missed
// webhook is made up for by the pass's reconciliation step. Retries and throttle are off.
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { zipSync } from 'fflate';
import nock from 'nock';
import { overlappingZip } from '../helpers/hostile-zip.ts';
import type { Probot } from 'probot';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAppRuntime } from '../../src/app/app-runtime.ts';
import type { AppRuntime } from '../../src/app/app-runtime.ts';
import { createLogger } from '../../src/app/create-logger.ts';
import { freshpinApp } from '../../src/app/freshpin-app.ts';
import { renderBumpMarker } from '../../src/core/markers/bump-marker.ts';
import { readScanMarker } from '../../src/core/markers/scan-marker.ts';
import { webhookPayloadProblems } from '../fakes/github/index.ts';
import { quietProbotClass } from '../helpers/create-freshpin-instance.ts';
import { reconcileScansStep } from '../../src/services/scans/reconcile-scans.ts';

const API = 'https://api.github.com';
const OWNER = 'octo-org';
const NAME = 'octo-repo';
const FULL = `${OWNER}/${NAME}`;
const R = `/repos/${FULL}`;
const INSTALLATION = 42;
const APP_LOGIN = 'freshpin[bot]';
const BRANCH = 'freshpin/dockerfile/debian-version';
const PR = 7;
const SIGNED = 'https://results-receiver.actions.githubusercontent.com';
const SIGNATURE = 'SECRETSIGNATURE';
const RAW = { 'content-type': 'text/plain; charset=utf-8' };
const FIXTURES = new URL('../fixtures/scanners/', import.meta.url);

const sha = (char: string) => char.repeat(40);
const fixture = (name: string) => readFileSync(new URL(name, FIXTURES));
const zip = (files: Record<string, string>) => zipSync(Object.fromEntries(Object.entries(files).map(([name, file]) => [name, fixture(file)])));

let privateKey = '';
let example: Record<string, unknown>;

beforeAll(() => {
  privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const file = createRequire(import.meta.url).resolve('@octokit/webhooks-examples/api.github.com/index.json');
  const defs = JSON.parse(readFileSync(file, 'utf8')) as Array<{ name: string; examples: Array<Record<string, unknown>> }>;
  const found = defs.find((d) => d.name === 'workflow_run')?.examples.find((e) => e.action === 'completed' && (e.workflow_run as { path?: string }).path !== undefined);
  if (found === undefined) throw new Error('no workflow_run.completed example with a path');
  example = found;
});

/** A real `workflow_run.completed` payload, adapted to a scan run on the bump branch. */
function runPayload(run: { id: number; headSha: string; conclusion?: string; headRepo?: string; branch?: string; path?: string }): Record<string, unknown> {
  const payload = structuredClone(example);
  const base = payload.workflow_run as Record<string, unknown>;
  payload.workflow_run = {
    ...base,
    id: run.id,
    event: 'workflow_dispatch',
    status: 'completed',
    conclusion: run.conclusion ?? 'success',
    head_branch: run.branch ?? BRANCH,
    head_sha: run.headSha,
    path: run.path ?? '.github/workflows/freshpin-scan.yml',
    html_url: `https://github.com/${FULL}/actions/runs/${run.id}`,
    run_attempt: 1,
    head_repository: { ...(base.head_repository as object), full_name: run.headRepo ?? FULL },
    pull_requests: [{ id: 1, number: 999, url: `${API}${R}/pulls/999`, head: { ref: 'x', sha: sha('9'), repo: { id: 1, name: NAME, url: `${API}${R}` } }, base: { ref: 'main', sha: sha('8'), repo: { id: 1, name: NAME, url: `${API}${R}` } } }],
  };
  payload.installation = { id: INSTALLATION, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNDI=' };
  return payload;
}

function pullJson(headSha: string, marker: { runId?: number; dispatchedSha?: string } = {}) {
  const body = `Bump DEBIAN_VERSION\n\n${renderBumpMarker({ v: 1, file: 'Dockerfile', pin: 'arg:DEBIAN_VERSION', name: 'DEBIAN_VERSION', current: 'bullseye-20250520-slim', proposed: 'bullseye-20251117-slim', history: [], ...marker })}`;
  return { number: PR, state: 'open', title: 'Bump', body, user: { login: APP_LOGIN }, labels: [], head: { ref: BRANCH, sha: headSha, repo: { full_name: FULL } }, base: { ref: 'main' } };
}

interface Harness {
  probot: Probot;
  runtime: AppRuntime;
  logs: string[];
  /** The PR's comments as "GitHub" holds them. */
  comments: Array<{ id: number; body: string; user: { login: string; type: string } }>;
  checkRuns: Array<{ method: string; body: Record<string, unknown> }>;
  receive(payload: Record<string, unknown>): Promise<void>;
}

async function setup(): Promise<Harness> {
  const logs: string[] = [];
  const log = createLogger({ level: 'debug', format: 'json', destination: { write: (line: string) => void logs.push(line) } });
  const probot = new (quietProbotClass({ appId: '1', privateKey, webhookSecret: 'secret', githubBaseUrl: undefined }, log))();
  const runtime = createAppRuntime({ registry: { mirrors: {}, credentials: {}, hubApiUrl: 'none' }, now: () => new Date('2026-11-29T00:00:00Z'), sleep: async () => undefined });
  await probot.load(freshpinApp(runtime, { schedulerRunning: () => true, shuttingDown: () => false }), { cwd: process.cwd(), addHandler: () => undefined });
  let delivery = 0;
  const harness: Harness = {
    probot,
    runtime,
    logs,
    comments: [],
    checkRuns: [],
    receive: (payload) => probot.receive({ id: `d-${++delivery}`, name: 'workflow_run', payload } as Parameters<Probot['receive']>[0]),
  };
  return harness;
}

/** The lookups every handled webhook makes: installation token, app identity, config. */
function mockSession(options: { token?: boolean; identity?: boolean } = {}) {
  const gh = nock(API);
  if (options.token !== false) gh.post(`/app/installations/${INSTALLATION}/access_tokens`).reply(201, { token: 'ghs_scantoken', expires_at: '2999-01-01T00:00:00Z', permissions: {}, repository_selection: 'all' });
  if (options.identity !== false) gh.get('/app').reply(200, { id: 1, slug: 'freshpin' });
  gh.get(`${R}/contents/.github%2Ffreshpin.yml`).reply(200, 'scan:\n  failOn: CRITICAL\n', RAW);
}

function mockFindPull(pull: ReturnType<typeof pullJson>) {
  nock(API).get(`${R}/pulls`).query({ state: 'open', head: `${OWNER}:${BRANCH}`, per_page: '10' }).reply(200, [pull]);
}

/** Listing, then editing or posting, of the PR's comments, against `h.comments`. */
function mockComments(h: Harness, write: 'post' | 'patch' | 'none') {
  const gh = nock(API);
  const list = () => [200, h.comments.map((c) => ({ ...c, html_url: `https://github.com/${FULL}/pull/${PR}#issuecomment-${c.id}` }))] as [number, unknown];
  gh.get(`${R}/issues/${PR}/comments`).query(true).reply(list);
  if (write === 'none') return;
  gh.get(`${R}/issues/${PR}/comments`).query(true).reply(list);
  if (write === 'post') {
    gh.post(`${R}/issues/${PR}/comments`).reply(async (req: Request) => {
      const { body } = (await req.json()) as { body: string };
      const comment = { id: 500 + h.comments.length, body, user: { login: APP_LOGIN, type: 'Bot' } };
      h.comments.push(comment);
      return [201, comment];
    });
  } else {
    gh.patch(/\/repos\/octo-org\/octo-repo\/issues\/comments\/\d+$/).reply(async (req: Request) => {
      const comment = h.comments.find((c) => req.url.endsWith(`/${c.id}`));
      if (comment === undefined) return [404, { message: 'Not Found' }];
      comment.body = ((await req.json()) as { body: string }).body;
      return [200, comment];
    });
  }
}

/** A run's artifact list and download (302 to a signed URL, then the zip), or 410. */
function mockArtifact(runId: number, artifactId: number, bytes: Uint8Array | 'expired') {
  const gh = nock(API);
  gh.get(`${R}/actions/runs/${runId}/artifacts`).query(true).reply(200, { total_count: 1, artifacts: [{ id: artifactId, name: 'freshpin-scan', size_in_bytes: bytes === 'expired' ? 1000 : bytes.length, expired: false }] });
  if (bytes === 'expired') {
    gh.get(`${R}/actions/artifacts/${artifactId}/zip`).reply(410, { message: 'Artifact has expired' });
    return;
  }
  const path = `/artifacts/${artifactId}.zip`;
  gh.get(`${R}/actions/artifacts/${artifactId}/zip`).reply(302, '', { location: `${SIGNED}${path}?sig=${SIGNATURE}&se=2026-11-29` });
  nock(SIGNED).get(path).query({ sig: SIGNATURE, se: '2026-11-29' }).reply(200, Buffer.from(bytes), { 'content-type': 'application/zip' });
}

function mockBaseRun(base: { runId: number; artifactId: number; bytes: Uint8Array } | undefined) {
  const runs = base === undefined ? [] : [{ id: base.runId, event: 'push', status: 'completed', conclusion: 'success', head_sha: sha('b'), head_branch: 'main', html_url: `https://github.com/${FULL}/actions/runs/${base.runId}`, created_at: '2026-11-20T00:00:00Z', head_repository: { full_name: FULL } }];
  nock(API).get(`${R}/actions/workflows/freshpin-scan.yml/runs`).query({ branch: 'main', status: 'success', per_page: '20' }).reply(200, { total_count: runs.length, workflow_runs: runs });
  if (base !== undefined) mockArtifact(base.runId, base.artifactId, base.bytes);
}

function mockCheckRun(h: Harness, headSha: string, existing?: number) {
  const gh = nock(API);
  gh.get(`${R}/commits/${headSha}/check-runs`)
    .query({ check_name: 'freshpin/scan', app_id: '1', filter: 'latest', per_page: '100' })
    .reply(200, { total_count: existing === undefined ? 0 : 1, check_runs: existing === undefined ? [] : [{ id: existing, name: 'freshpin/scan', head_sha: headSha, status: 'completed', conclusion: 'failure' }] });
  if (existing === undefined) {
    gh.post(`${R}/check-runs`).reply(async (req: Request) => {
      h.checkRuns.push({ method: 'POST', body: (await req.json()) as Record<string, unknown> });
      return [201, { id: 900 + h.checkRuns.length, name: 'freshpin/scan', head_sha: headSha, status: 'completed' }];
    });
  } else {
    gh.patch(`${R}/check-runs/${existing}`).reply(async (req: Request) => {
      h.checkRuns.push({ method: 'PATCH', body: (await req.json()) as Record<string, unknown> });
      return [200, { id: existing, name: 'freshpin/scan', head_sha: headSha, status: 'completed' }];
    });
  }
}

const HEAD_ZIP = () => zip({ 'trivy.json': 'trivy-debian-buster.json', 'trivy-table.txt': 'trivy-table-report.txt' });
const BASE_ZIP = () => zip({ 'trivy.json': 'trivy-debian-stretch.json' });

describe('workflow_run.completed → scan comment and check run', () => {
  it('is fed payloads that match GitHub\'s webhook description', () => {
    expect(webhookPayloadProblems('workflow-run-completed', runPayload({ id: 1001, headSha: sha('1') }))).toEqual([]);
  });

  it('posts one comment and one check run, then edits the same comment for the next run', async () => {
    const h = await setup();
    // Run 1001, dispatched by the app on the PR's head: introduces a CRITICAL.
    mockSession();
    mockFindPull(pullJson(sha('1'), { runId: 1001, dispatchedSha: sha('1') }));
    mockComments(h, 'post');
    mockArtifact(1001, 71, HEAD_ZIP());
    mockBaseRun({ runId: 800, artifactId: 81, bytes: BASE_ZIP() });
    mockCheckRun(h, sha('1'));
    await h.receive(runPayload({ id: 1001, headSha: sha('1') }));

    expect(h.comments).toHaveLength(1);
    const first = h.comments[0]?.body ?? '';
    expect(first).toContain('**⚠️ introduces 1 CRITICAL; fixes 1 vulnerability**');
    expect(first).toContain('[CVE-2019-18224]');
    expect(first).toContain('trivy-table.txt: Trivy table text');
    expect(first).toContain(`- Scanned commit: \`${sha('1')}\``);
    expect(first).toContain(`[workflow run 1001](https://github.com/${FULL}/actions/runs/1001)`);
    expect(readScanMarker(first)).toEqual({ v: 1, runId: 1001, runAttempt: 1, headSha: sha('1'), conclusion: 'success', gate: 'failure', baseRunId: 800 });
    expect(h.checkRuns).toHaveLength(1);
    expect(h.checkRuns[0]?.body).toMatchObject({ name: 'freshpin/scan', head_sha: sha('1'), status: 'completed', conclusion: 'failure', external_id: 'scan-run-1001', details_url: `https://github.com/${FULL}/actions/runs/1001` });
    expect((h.checkRuns[0]?.body.output as { title: string }).title).toBe('Introduces 1 CRITICAL (fail-on: CRITICAL).');

    // Run 1002 of the configured workflow on the PR's new head (not the recorded run): clean.
    mockSession({ token: false, identity: false });
    mockFindPull(pullJson(sha('2'), { runId: 1001, dispatchedSha: sha('1') }));
    mockComments(h, 'patch');
    mockArtifact(1002, 72, zip({ 'trivy.json': 'trivy-debian-stretch.json' }));
    mockBaseRun({ runId: 800, artifactId: 81, bytes: BASE_ZIP() });
    mockCheckRun(h, sha('2'));
    await h.receive(runPayload({ id: 1002, headSha: sha('2') }));

    expect(h.comments).toHaveLength(1);
    expect(h.comments[0]?.body).toContain('**✅ no change in known vulnerabilities: fixes none, introduces none**');
    expect(readScanMarker(h.comments[0]?.body)).toMatchObject({ runId: 1002, headSha: sha('2'), gate: 'success' });
    expect(h.checkRuns.map((c) => [c.method, c.body.head_sha, c.body.conclusion])).toEqual([
      ['POST', sha('1'), 'failure'],
      ['POST', sha('2'), 'success'],
    ]);
    expect(await h.runtime.metrics.scansReported.get()).toMatchObject({ values: expect.arrayContaining([expect.objectContaining({ labels: { outcome: 'failure' }, value: 1 }), expect.objectContaining({ labels: { outcome: 'success' }, value: 1 })]) });
    expect(h.logs.join('\n')).not.toContain(SIGNATURE);
    expect(h.logs.join('\n')).not.toContain(SIGNED);
  });

  it('ignores a run for an older commit of the PR after the lookups alone', async () => {
    const h = await setup();
    mockSession();
    mockFindPull(pullJson(sha('2'), { runId: 1001, dispatchedSha: sha('1') }));
    await h.receive(runPayload({ id: 1001, headSha: sha('1') }));
    expect(h.comments).toEqual([]);
    expect(h.logs.join('\n')).toContain('the run is for an older commit of the PR');
  });

  it.each([
    ['from a fork', { headRepo: 'mallory/octo-repo' }],
    ['not completed', {}],
  ])('ignores a run %s without a single request', async (name, overrides) => {
    const h = await setup();
    const payload = runPayload({ id: 1001, headSha: sha('1'), ...overrides });
    if (name === 'not completed') (payload.workflow_run as Record<string, unknown>).status = 'in_progress';
    await h.receive(payload);
    expect(h.comments).toEqual([]);
  });

  it('ignores another workflow on the bump branch, and runs off bump branches', async () => {
    const h = await setup();
    mockSession();
    mockFindPull(pullJson(sha('1'), { runId: 1001, dispatchedSha: sha('1') }));
    await h.receive(runPayload({ id: 1005, headSha: sha('1'), path: '.github/workflows/ci.yml' }));
    mockSession({ token: false, identity: false });
    await h.receive(runPayload({ id: 1006, headSha: sha('1'), branch: 'feature/x' }));
    expect(h.comments).toEqual([]);
    expect(h.logs.join('\n')).toContain('not the configured scan workflow');
    expect(h.logs.join('\n')).toContain('not a bump branch');
  });

  it('explains an expired artifact in the comment, and fails the check', async () => {
    const h = await setup();
    mockSession();
    mockFindPull(pullJson(sha('1'), { runId: 1001, dispatchedSha: sha('1') }));
    mockComments(h, 'post');
    mockArtifact(1001, 71, 'expired');
    mockCheckRun(h, sha('1'));
    await h.receive(runPayload({ id: 1001, headSha: sha('1') }));
    const body = h.comments[0]?.body ?? '';
    expect(body).toContain(`**❌ The scan run succeeded but left no readable report: see [run 1001](https://github.com/${FULL}/actions/runs/1001).**`);
    expect(body).toContain('freshpin-scan: the artifact has expired, GitHub answered 410 Gone; re-run the scan workflow');
    expect(body).not.toContain('no known vulnerabilities');
    expect(readScanMarker(body)).toMatchObject({ runId: 1001, gate: 'no-results' });
    expect(h.checkRuns[0]?.body).toMatchObject({ conclusion: 'failure', output: { title: 'No scan results: the artifact has expired' } });
    expect((await h.runtime.metrics.scansReported.get()).values).toEqual([expect.objectContaining({ labels: { outcome: 'expired' }, value: 1 })]);
  });

  it('records a run whose artifact was refused (overlapping entries) as refused, once: a redelivery reads nothing', async () => {
    const h = await setup();
    mockSession();
    mockFindPull(pullJson(sha('1'), { runId: 1001, dispatchedSha: sha('1') }));
    mockComments(h, 'post');
    mockArtifact(1001, 71, overlappingZip(new TextEncoder().encode('{"SchemaVersion":2,"ArtifactName":"x","Results":[]}'), 50));
    mockCheckRun(h, sha('1'));
    await h.receive(runPayload({ id: 1001, headSha: sha('1') }));
    const body = h.comments[0]?.body ?? '';
    expect(body).toContain('freshpin-scan: not a readable zip: entries overlap or are out of order');
    expect(readScanMarker(body)).toMatchObject({ runId: 1001, gate: 'no-results' });
    expect(h.checkRuns[0]?.body).toMatchObject({ conclusion: 'failure', output: { title: expect.stringMatching(/^No scan results: the artifact was refused \(not a readable zip: entries overlap or are out of order/) } });
    // The same run again (a redelivery, or the next pass): the marker shows it; the artifact is not read again.
    nock(API).get(`${R}/contents/.github%2Ffreshpin.yml`).reply(200, 'scan:\n  failOn: HIGH\n', RAW);
    mockFindPull(pullJson(sha('1'), { runId: 1001, dispatchedSha: sha('1') }));
    mockComments(h, 'none');
    await h.receive(runPayload({ id: 1001, headSha: sha('1') }));
    expect(h.checkRuns).toHaveLength(1);
    expect(h.logs.join('\n')).toContain('scan already reported');
  });

  it('reports a cancelled run without artifacts with a link, updating the existing check run', async () => {
    const h = await setup();
    mockSession();
    mockFindPull(pullJson(sha('1'), { runId: 1001, dispatchedSha: sha('1') }));
    mockComments(h, 'post');
    nock(API).get(`${R}/actions/runs/1001/artifacts`).query(true).reply(200, { total_count: 0, artifacts: [] });
    mockCheckRun(h, sha('1'), 333);
    await h.receive(runPayload({ id: 1001, headSha: sha('1'), conclusion: 'cancelled' }));
    expect(h.comments[0]?.body).toContain('⏹️ The scan run ended cancelled without a readable report: see [run 1001]');
    expect(h.comments[0]?.body).toContain('the run uploaded no artifact named freshpin-scan');
    expect(h.checkRuns).toEqual([{ method: 'PATCH', body: expect.objectContaining({ conclusion: 'failure' }) }]);
  });

  it('leaves a redelivered webhook alone once the comment shows its run', async () => {
    const h = await setup();
    h.comments.push({ id: 501, body: `x\n<!-- freshpin:scan ${Buffer.from(JSON.stringify({ v: 1, runId: 1001, runAttempt: 1, headSha: sha('1'), conclusion: 'success', gate: 'success' })).toString('base64url')} -->\n`, user: { login: APP_LOGIN, type: 'Bot' } });
    mockSession();
    mockFindPull(pullJson(sha('1'), { runId: 1001, dispatchedSha: sha('1') }));
    mockComments(h, 'none');
    await h.receive(runPayload({ id: 1001, headSha: sha('1') }));
    expect(h.checkRuns).toEqual([]);
    expect(h.logs.join('\n')).toContain('scan already reported');
  });
});

describe('two runs of one PR completing at once', () => {
  it('still make one comment: the second waits for the first and edits it', async () => {
    const h = await setup();
    // A first delivery (an old commit, ignored) gets the token and the identity.
    mockSession();
    mockFindPull(pullJson(sha('2')));
    await h.receive(runPayload({ id: 999, headSha: sha('1') }));
    // Runs 1001 and 1002 of the same commit arrive together; 1002's PR lookup answers later.
    mockSession({ token: false, identity: false });
    mockSession({ token: false, identity: false });
    mockFindPull(pullJson(sha('2'), { runId: 1001, dispatchedSha: sha('2') }));
    nock(API).get(`${R}/pulls`).query(true).delay(100).reply(200, [pullJson(sha('2'), { runId: 1001, dispatchedSha: sha('2') })]);
    mockComments(h, 'post');
    mockComments(h, 'patch');
    mockArtifact(1001, 71, HEAD_ZIP());
    mockArtifact(1002, 72, BASE_ZIP());
    mockBaseRun(undefined);
    mockBaseRun(undefined);
    mockCheckRun(h, sha('2'));
    mockCheckRun(h, sha('2'), 901);
    await Promise.all([h.receive(runPayload({ id: 1001, headSha: sha('2') })), h.receive(runPayload({ id: 1002, headSha: sha('2') }))]);
    expect(h.comments).toHaveLength(1);
    expect(readScanMarker(h.comments[0]?.body)).toMatchObject({ runId: 1002, gate: 'success' });
    expect(h.checkRuns.map((c) => c.method)).toEqual(['POST', 'PATCH']);
  });
});

describe('reconciliation (pass step)', () => {
  const completedRun = { id: 1001, event: 'workflow_dispatch', status: 'completed', conclusion: 'success', head_sha: sha('1'), head_branch: BRANCH, html_url: `https://github.com/${FULL}/actions/runs/1001`, created_at: '2026-11-28T00:00:00Z', run_attempt: 1 };

  function mockRunsFor(headSha: string, runs: unknown[]) {
    nock(API).get(`${R}/actions/workflows/freshpin-scan.yml/runs`).query({ head_sha: headSha, per_page: '100' }).reply(200, { total_count: runs.length, workflow_runs: runs });
  }

  it('posts the result of a run whose webhook was missed, once', async () => {
    const h = await setup();
    const step = reconcileScansStep();
    const job = async () => h.runtime.job(await h.probot.auth(INSTALLATION), { owner: OWNER, repo: NAME }, await h.runtime.identity(h.probot), h.probot.log.child({ repo: FULL }));
    const pulls = [pullJson(sha('1'), { runId: 1001, dispatchedSha: sha('1') }), { ...pullJson(sha('3')), number: 8, user: { login: 'alice' } }];
    // The webhook never came. The pass finds the completed run and posts it.
    mockSession();
    nock(API).get(`${R}/pulls`).query({ state: 'open', per_page: '100' }).reply(200, pulls);
    mockRunsFor(sha('1'), [completedRun]);
    mockComments(h, 'post');
    mockArtifact(1001, 71, HEAD_ZIP());
    mockBaseRun(undefined);
    mockCheckRun(h, sha('1'));
    const first = await job();
    await step(first);
    expect(h.comments).toHaveLength(1);
    expect(h.comments[0]?.body).toContain('ℹ️ No baseline scan to compare with: the PR image has 1 CRITICAL, 1 LOW.');
    expect(h.checkRuns[0]?.body).toMatchObject({ conclusion: 'failure' });

    // The next pass: the comment shows the run already; nothing is posted again.
    nock(API).get(`${R}/contents/.github%2Ffreshpin.yml`).reply(200, 'scan:\n  failOn: HIGH\n', RAW);
    nock(API).get(`${R}/pulls`).query({ state: 'open', per_page: '100' }).reply(200, pulls);
    mockRunsFor(sha('1'), [completedRun]);
    mockComments(h, 'none');
    const second = await job();
    await step(second);
    expect(h.comments).toHaveLength(1);
    expect(h.checkRuns).toHaveLength(1);
  });

  it('leaves PRs whose newest scan run is still going, and never takes a fork-triggered run', async () => {
    const h = await setup();
    const identity = { id: 1, slug: 'freshpin', botLogin: APP_LOGIN };
    nock(API).post(`/app/installations/${INSTALLATION}/access_tokens`).reply(201, { token: 'ghs_scantoken', expires_at: '2999-01-01T00:00:00Z', permissions: {}, repository_selection: 'all' });
    nock(API).get(`${R}/contents/.github%2Ffreshpin.yml`).reply(200, '{}\n', RAW);
    nock(API)
      .get(`${R}/pulls`)
      .query({ state: 'open', per_page: '100' })
      .reply(200, [pullJson(sha('1'), { runId: 1001, dispatchedSha: sha('1') }), { ...pullJson(sha('2')), number: 9, head: { ref: 'freshpin/other/pin', sha: sha('2'), repo: { full_name: FULL } } }]);
    mockRunsFor(sha('1'), [{ ...completedRun, status: 'in_progress', conclusion: null }]);
    // PR 9 has no recorded run: a pull_request run (a fork's) on the same commit is not taken; the newest is still queued.
    const other = { head_sha: sha('2'), head_branch: 'freshpin/other/pin', html_url: 'https://github.com/x', created_at: '' };
    mockRunsFor(sha('2'), [
      { ...other, id: 1200, event: 'pull_request', status: 'completed', conclusion: 'success' },
      { ...other, id: 1100, event: 'workflow_dispatch', status: 'queued', conclusion: null },
      { ...other, id: 1050, event: 'workflow_dispatch', status: 'completed', conclusion: 'success' },
    ]);
    const job = h.runtime.job(await h.probot.auth(INSTALLATION), { owner: OWNER, repo: NAME }, identity, h.probot.log);
    await reconcileScansStep()(job);
    expect(h.comments).toEqual([]);
  });
});
