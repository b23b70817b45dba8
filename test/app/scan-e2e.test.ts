// The scan round trip end to end, against the stateful GitHub fake and the real loopback
// registry (test/helpers/app-harness.ts): a pass opens bump PRs and dispatches the scan;
// the base branch has a scan of its own; a run completes with a real artifact → its
// workflow_run webhook → one comment (compared with the base) and one check run. A run
// whose webhook never arrives is posted by the next pass. Every request matches GitHub's
// REST description.
import { readFileSync } from 'node:fs';
import { Octokit } from '@octokit/rest';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readScanMarker } from '../../src/core/markers/scan-marker.ts';
import type { AppHarness } from '../helpers/app-harness.ts';
import { APP_LOGIN, readBumpPulls, readComments, startAppHarness } from '../helpers/app-harness.ts';

const INSTALLATION = 31;
const OWNER = 'acme';
const FIXTURES = new URL('../fixtures/scanners/', import.meta.url);
const zip = (files: Record<string, string>) => zipSync(Object.fromEntries(Object.entries(files).map(([name, file]) => [name, readFileSync(new URL(file, FIXTURES))])));

let harness: AppHarness;

beforeAll(async () => {
  harness = await startAppHarness();
}, 60_000);

afterAll(async () => {
  await harness?.stop();
});

function client(): Octokit {
  return new Octokit({ baseUrl: harness.fake.apiUrl, auth: harness.fake.createInstallationToken(INSTALLATION), request: { fetch }, log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} } });
}

async function scanChecks(repo: string, sha: string) {
  const { data } = await client().checks.listForRef({ owner: OWNER, repo, ref: sha, check_name: 'freshpin/scan' });
  return data.check_runs.map((run) => ({ conclusion: run.conclusion, title: run.output.title, app: run.app?.slug }));
}

describe('scan results on bump PRs, end to end', () => {
  it('posts one comment and one check run for a completed scan, and reconciles a missed webhook', async () => {
    harness.reset();
    harness.addInstallation(INSTALLATION, OWNER);
    const repo = harness.addRepo({ owner: OWNER, name: 'web', installationId: INSTALLATION });
    const app = await harness.app();

    // A scan of the base branch to compare with (as the workflow's push trigger would make).
    await client().actions.createWorkflowDispatch({ owner: OWNER, repo: repo.repo, workflow_id: 'freshpin-scan.yml', ref: 'main' });
    const baseRun = harness.fake.runs(OWNER, repo.repo)[0];
    harness.fake.completeRun(OWNER, repo.repo, baseRun?.id ?? 0, { conclusion: 'success', artifacts: [{ name: 'freshpin-scan', zip: zip({ 'trivy.json': 'trivy-debian-stretch.json' }) }] });

    await app.pass();
    const pulls = readBumpPulls(harness.fake, repo);
    expect(pulls.length).toBeGreaterThan(0);
    const pull = pulls[0]!;
    expect(pull.marker?.runId).toBeDefined();
    expect(pull.marker?.dispatchedSha).toBe(pull.headSha);

    const payload = harness.fake.completeRun(OWNER, repo.repo, pull.marker!.runId!, {
      conclusion: 'success',
      artifacts: [{ name: 'freshpin-scan', zip: zip({ 'trivy.json': 'trivy-debian-buster.json', 'trivy.sarif': 'trivy-clean.sarif', 'scout.sarif': 'scout-constructed.sarif' }) }],
    });
    await app.receive('workflow_run', payload);

    const comments = readComments(harness.fake, repo, pull.number).filter((comment) => comment.author === APP_LOGIN && readScanMarker(comment.body) !== undefined);
    expect(comments).toHaveLength(1);
    const body = comments[0]!.body;
    expect(body).toContain('**⚠️ introduces');
    expect(body).toContain('| CRITICAL |');
    expect(body).toContain(`- Scanned commit: \`${pull.headSha}\``);
    expect(body).toContain('- Scanners that reported: scout, trivy');
    expect(readScanMarker(body)).toEqual({ v: 1, runId: pull.marker!.runId, runAttempt: 1, headSha: pull.headSha, conclusion: 'success', gate: 'failure', baseRunId: baseRun?.id });
    expect(await scanChecks(repo.repo, pull.headSha)).toEqual([{ conclusion: 'failure', title: expect.stringMatching(/^Introduces \d+ CRITICAL/), app: 'freshpin' }]);

    // The same webhook again: nothing new.
    await app.receive('workflow_run', payload);
    expect(readComments(harness.fake, repo, pull.number).filter((comment) => readScanMarker(comment.body) !== undefined)).toHaveLength(1);

    // Someone re-runs the scan on the bump branch: the same comment and check run are edited.
    await client().actions.createWorkflowDispatch({ owner: OWNER, repo: repo.repo, workflow_id: 'freshpin-scan.yml', ref: pull.branch, inputs: { dockerfile: 'Dockerfile' } });
    const rerun = harness.fake.runs(OWNER, repo.repo)[0]!;
    harness.fake.clearLog();
    await app.receive('workflow_run', harness.fake.completeRun(OWNER, repo.repo, rerun.id, { conclusion: 'success', artifacts: [{ name: 'freshpin-scan', zip: zip({ 'trivy.json': 'trivy-debian-stretch.json' }) }] }));
    const edited = readComments(harness.fake, repo, pull.number).filter((comment) => readScanMarker(comment.body) !== undefined);
    expect(edited).toHaveLength(1);
    expect(readScanMarker(edited[0]!.body)).toMatchObject({ runId: rerun.id, headSha: pull.headSha, gate: 'success' });
    expect(edited[0]!.body).toContain('✅ no change in known vulnerabilities');
    const writes = harness.fake.requests.filter((request) => request.method !== 'GET').map((request) => `${request.method} ${request.route ?? request.path}`);
    expect(writes).toEqual(['PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', 'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}']);
    expect(await scanChecks(repo.repo, pull.headSha)).toEqual([{ conclusion: 'success', title: 'Introduces no vulnerability at or above CRITICAL.', app: 'freshpin' }]);

    // In another repository, a run completes but its webhook is lost: the next pass posts it.
    const other = harness.addRepo({ owner: OWNER, name: 'api', installationId: INSTALLATION });
    await app.pass();
    const otherPull = readBumpPulls(harness.fake, other)[0]!;
    harness.fake.completeRun(OWNER, other.repo, otherPull.marker!.runId!, { conclusion: 'failure', artifacts: [] });
    expect(readComments(harness.fake, other, otherPull.number).filter((comment) => readScanMarker(comment.body) !== undefined)).toHaveLength(0);
    await app.pass();
    const posted = readComments(harness.fake, other, otherPull.number).filter((comment) => readScanMarker(comment.body) !== undefined);
    expect(posted).toHaveLength(1);
    expect(posted[0]!.body).toContain('❌ The scan run ended failure without a readable report');
    expect(await scanChecks(other.repo, otherPull.headSha)).toEqual([{ conclusion: 'failure', title: 'No scan results (the run ended failure)', app: 'freshpin' }]);
    // A further pass changes nothing.
    harness.fake.clearLog();
    await app.pass();
    expect(harness.fake.requests.filter((request) => request.method !== 'GET').map((request) => `${request.method} ${request.path}`)).toEqual([]);
    expect(harness.fake.violations).toEqual([]);
    expect(app.problems()).toEqual([]);
    expect(JSON.stringify(app.logs)).not.toContain('/_signed/');
  });

  it('merges at once when the scan passes and the config says automerge: true', async () => {
    harness.reset();
    harness.addInstallation(INSTALLATION, OWNER);
    const repo = harness.addRepo({ owner: OWNER, name: 'auto', installationId: INSTALLATION, config: 'automerge: true\nscan:\n  failOn: HIGH\n' });
    const app = await harness.app();
    await app.pass();
    const pull = readBumpPulls(harness.fake, repo)[0]!;
    await app.receive('workflow_run', harness.fake.completeRun(OWNER, repo.repo, pull.marker!.runId!, { conclusion: 'success', artifacts: [{ name: 'freshpin-scan', zip: zip({ 'trivy.sarif': 'trivy-clean.sarif' }) }] }));
    expect(readScanMarker(readComments(harness.fake, repo, pull.number).find((comment) => readScanMarker(comment.body) !== undefined)?.body)).toMatchObject({ gate: 'success', headSha: pull.headSha });
    expect(readBumpPulls(harness.fake, repo)[0]).toMatchObject({ number: pull.number, state: 'closed', merged: true });
    expect(harness.fake.violations).toEqual([]);
  });
});
