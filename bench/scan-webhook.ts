// How long from a `workflow_run.completed` webhook's arrival to the scan comment being on the
// PR: the webhook goes over real HTTP, HMAC-signed, to freshpin's Probot server, which reads
// the run's artifact and the base branch's from the loopback GitHub fake, diffs them, and
// writes the check run and the comment. Each iteration is a new run of the scan on the same
// bump PR, so every comment after the first is an edit. Retries and the throttle are off
// (the throttle's spacing of writes would otherwise dominate). Figures only, no assertions.
//
//   npx node bench/scan-webhook.ts [--runs N] [--latency MS]
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Octokit } from '@octokit/rest';
import { zipSync } from 'fflate';
import { Server } from 'probot';
import { createAppRuntime } from '../src/app/app-runtime.ts';
import { createLogger } from '../src/app/create-logger.ts';
import { freshpinApp } from '../src/app/freshpin-app.ts';
import { renderBumpMarker } from '../src/core/markers/bump-marker.ts';
import { readScanMarker } from '../src/core/markers/scan-marker.ts';
import { startGitHubFake } from '../test/fakes/github/index.ts';
import { describeTimes, median, printFigures } from './check-summary.ts';
import { quietProbotClass } from '../test/helpers/create-freshpin-instance.ts';
import { freePort } from '../test/helpers/free-port.ts';

const OWNER = 'acme';
const REPO = 'web';
const INSTALLATION = 7;
const BRANCH = 'freshpin/dockerfile/debian-version';
const SECRET = 'bench-webhook-secret';
const ROOT = new URL('../', import.meta.url);
const FIXTURES = new URL('test/fixtures/scanners/', ROOT);

const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' }, latency: { type: 'string', default: '0' } } });
const RUNS = Math.max(1, Number(values.runs) || 15);
const LATENCY_MS = Math.max(0, Number(values.latency) || 0);

const zip = (files: Record<string, string>) => zipSync(Object.fromEntries(Object.entries(files).map(([name, file]) => [name, readFileSync(new URL(file, FIXTURES))])));


async function main(): Promise<void> {
  const fake = await startGitHubFake({ latencyMs: LATENCY_MS });
  fake.addInstallation({ id: INSTALLATION, account: OWNER });
  fake.addRepo({
    owner: OWNER,
    name: REPO,
    installationId: INSTALLATION,
    files: { Dockerfile: 'FROM debian:bullseye-20250520-slim\n', '.github/freshpin.yml': 'scan:\n  failOn: HIGH\n', '.github/workflows/freshpin-scan.yml': readFileSync(new URL('templates/freshpin-scan.yml', ROOT), 'utf8') },
  });
  const gh = new Octokit({ baseUrl: fake.apiUrl, auth: fake.createInstallationToken(INSTALLATION), request: { fetch }, log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} } });
  const o = { owner: OWNER, repo: REPO };

  // The state a pass leaves: a scan of the base branch, and a bump PR (by the app) with its dispatched run.
  await gh.actions.createWorkflowDispatch({ ...o, workflow_id: 'freshpin-scan.yml', ref: 'main' });
  fake.completeRun(OWNER, REPO, fake.runs(OWNER, REPO)[0]!.id, { conclusion: 'success', artifacts: [{ name: 'freshpin-scan', zip: zip({ 'trivy.json': 'trivy-debian-stretch.json' }) }] });
  const headSha = fake.pushCommit({ ...o, branch: BRANCH, files: { Dockerfile: 'FROM debian:bullseye-20251117-slim\n' }, message: 'Bump debian', author: { login: 'alice', name: 'Alice', email: 'alice@example.com' } });
  const marker = { v: 1 as const, file: 'Dockerfile', pin: 'from:debian', name: 'debian', current: 'bullseye-20250520-slim', proposed: 'bullseye-20251117-slim', history: [], dispatchedSha: headSha };
  const pull = await gh.pulls.create({ ...o, head: BRANCH, base: 'main', title: 'Bump debian', body: `Bump\n\n${renderBumpMarker(marker)}` });
  const headZip = zip({ 'trivy.json': 'trivy-debian-buster.json', 'trivy.sarif': 'trivy-alpine-310.sarif', 'scout.sarif': 'scout-constructed.sarif' });

  // freshpin's server, as start-server.ts builds it.
  const log = createLogger({ level: 'warn', format: 'json', destination: { write: () => undefined } });
  const privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const ProbotClass = quietProbotClass({ appId: '4242', privateKey, webhookSecret: SECRET, githubBaseUrl: fake.apiUrl }, log);
  const runtime = createAppRuntime({ registry: { mirrors: {}, credentials: {}, hubApiUrl: 'none' }, now: () => new Date() });
  const port = await freePort();
  const server = new Server({ Probot: ProbotClass, port, host: '127.0.0.1', log, enableStaticFiles: false });
  await server.load(freshpinApp(runtime, { schedulerRunning: () => true, shuttingDown: () => false }));
  await server.start();

  const times: number[] = [];
  const requests: number[] = [];
  try {
    for (let i = 0; i < RUNS + 1; i += 1) {
      await gh.actions.createWorkflowDispatch({ ...o, workflow_id: 'freshpin-scan.yml', ref: BRANCH, inputs: { dockerfile: 'Dockerfile' } });
      const runId = fake.runs(OWNER, REPO)[0]!.id;
      const body = JSON.stringify(fake.completeRun(OWNER, REPO, runId, { conclusion: 'success', artifacts: [{ name: 'freshpin-scan', zip: headZip }] }));
      const signature = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
      const before = fake.requests.length;
      const started = performance.now();
      const response = await fetch(`http://127.0.0.1:${port}/api/github/webhooks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-github-event': 'workflow_run', 'x-github-delivery': `bench-${i}`, 'x-hub-signature-256': signature },
        body,
      });
      await response.arrayBuffer();
      const shown = () => fake.comments(OWNER, REPO, pull.data.number).some((comment) => readScanMarker(comment.body as string)?.runId === runId);
      while (!shown()) {
        if (performance.now() - started > 30_000) throw new Error(`run ${runId}: no comment after 30 s (webhook answered ${response.status})`);
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      const elapsed = performance.now() - started;
      // The first delivery also pays for the app's identity and the installation token.
      if (i > 0) {
        times.push(elapsed);
        requests.push(fake.requests.length - before);
      }
    }
  } finally {
    await server.stop();
    await fake.stop();
  }
  const comments = fake.violations.length;
  printFigures([
    { label: 'webhook → comment (edit)', value: describeTimes(times) },
    { label: 'GitHub requests per webhook', value: `${median(requests)} median` },
    { label: 'fake latency per request', value: `${LATENCY_MS} ms` },
    { label: 'REST description violations', value: String(comments) },
  ]);
}

await main();
