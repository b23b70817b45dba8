// The pieces of the scan publication, with GitHub faked at HTTP (nock): reading an
// artifact (missing, too large, expired, not a zip, hostile entries, empty), the scan
// marker's rules, which runs count, and how reconciliation picks a PR's run.
import { readFileSync } from 'node:fs';
import { zipSync } from 'fflate';
import nock from 'nock';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createAppRuntime } from '../../../src/app/app-runtime.ts';
import { defaultConfig } from '../../../src/core/config/parse-config.ts';
import { renderMarker } from '../../../src/core/markers/markers.ts';
import { isAlreadyShown, readScanMarker, scanPassedFor } from '../../../src/core/markers/scan-marker.ts';
import type { ScanMarker } from '../../../src/core/markers/scan-marker.ts';
import { screenScanRun } from '../../../src/services/scans/publish-scan-result.ts';
import type { ScanPull, ScanRun } from '../../../src/services/scans/publish-scan-result.ts';
import { readScanArtifacts } from '../../../src/services/scans/read-scan-artifacts.ts';
import { findScanRunForPull } from '../../../src/services/scans/reconcile-scans.ts';
import type { RepoJob } from '../../../src/services/repo-job.ts';
import { github, makeClient, REPO, sha } from '../../github/make-client.ts';

const R = '/repos/octo-org/octo-repo';
const SIGNED = 'https://results-receiver.actions.githubusercontent.com';
const FIXTURES = new URL('../../fixtures/scanners/', import.meta.url);

function job(): RepoJob {
  const runtime = createAppRuntime({ registry: { mirrors: {}, credentials: {}, hubApiUrl: 'none' }, now: () => new Date('2026-11-29T00:00:00Z') });
  return runtime.job(makeClient(), REPO, { id: 1, slug: 'freshpin', botLogin: 'freshpin[bot]' }, pino({ level: 'silent' }));
}

function listArtifacts(runId: number, artifacts: Array<{ id: number; name: string; size?: number; expired?: boolean }>) {
  github()
    .get(`${R}/actions/runs/${runId}/artifacts`)
    .query(true)
    .reply(200, { total_count: artifacts.length, artifacts: artifacts.map((a) => ({ id: a.id, name: a.name, size_in_bytes: a.size ?? 100, expired: a.expired ?? false })) });
}

function download(artifactId: number, status: number, body: Uint8Array | string = '') {
  github().get(`${R}/actions/artifacts/${artifactId}/zip`).reply(302, '', { location: `${SIGNED}/a/${artifactId}.zip?sig=SIG` });
  nock(SIGNED).get(`/a/${artifactId}.zip`).query({ sig: 'SIG' }).reply(status, typeof body === 'string' ? body : Buffer.from(body));
}

/** A zip with entry names fflate would refuse to write: patch a same-length name in. */
function zipWithEntry(name: string, content: Uint8Array): Uint8Array {
  const placeholder = 'x'.repeat(name.length);
  const bytes = zipSync({ [placeholder]: content });
  const encoded = new TextEncoder().encode(placeholder);
  const replacement = new TextEncoder().encode(name);
  for (let i = 0; i + encoded.length <= bytes.length; i += 1) {
    if (encoded.every((b, j) => bytes[i + j] === b)) bytes.set(replacement, i);
  }
  return bytes;
}

describe('readScanArtifacts', () => {
  it('parses every file of the newest freshpin-scan artifact by content, naming the unreadable ones', async () => {
    listArtifacts(5, [
      { id: 10, name: 'freshpin-scan' },
      { id: 12, name: 'freshpin-scan' },
      { id: 13, name: 'build-logs' },
    ]);
    const zip = zipSync({ 'results.bin': readFileSync(new URL('trivy-debian-buster.json', FIXTURES)), 'nested/scout.txt': readFileSync(new URL('scout-constructed.sarif', FIXTURES)), 'table.sarif': readFileSync(new URL('trivy-table-report.txt', FIXTURES)) });
    download(12, 200, zip);
    const result = await readScanArtifacts(job(), 5);
    expect(result.reports.map((r) => [r.name, r.format])).toEqual([
      ['results.bin', 'trivy-json'],
      ['nested/scout.txt', 'scout-sarif'],
    ]);
    expect(result.unreadable).toEqual([{ name: 'table.sarif', reason: expect.stringContaining('Trivy table text') }]);
    expect(result.expired).toBe(false);
  });

  it.each([
    ['no freshpin-scan artifact', () => listArtifacts(5, [{ id: 13, name: 'build-logs' }]), {}, 'the run uploaded no artifact named freshpin-scan', false],
    ['an artifact listed as larger than the cap', () => listArtifacts(5, [{ id: 12, name: 'freshpin-scan', size: 2000 }]), { maxBytes: 1000 }, 'the artifact is larger than the 1000 bytes freshpin reads', false],
    ['a download that runs past the cap', () => (listArtifacts(5, [{ id: 12, name: 'freshpin-scan', size: 10 }]), download(12, 200, new Uint8Array(5000))), { maxBytes: 1000 }, 'the artifact is larger than the 1000 bytes freshpin reads', false],
    ['an artifact listed as expired', () => listArtifacts(5, [{ id: 12, name: 'freshpin-scan', expired: true }]), {}, 'the artifact has expired, GitHub answered 410 Gone; re-run the scan workflow to scan again', true],
    ['a signed URL that is gone', () => (listArtifacts(5, [{ id: 12, name: 'freshpin-scan' }]), download(12, 404, 'BlobNotFound')), {}, 'the artifact has expired, GitHub answered 410 Gone; re-run the scan workflow to scan again', true],
    ['bytes that are not a zip', () => (listArtifacts(5, [{ id: 12, name: 'freshpin-scan' }]), download(12, 200, 'hello, not a zip')), {}, expect.stringMatching(/^not a readable zip: /), false],
    ['an empty zip', () => (listArtifacts(5, [{ id: 12, name: 'freshpin-scan' }]), download(12, 200, zipSync({}))), {}, 'the artifact holds no files', false],
  ])('turns %s into one unreadable entry', async (_name, mock, options, reason, expired) => {
    mock();
    const result = await readScanArtifacts(job(), 5, options);
    expect(result).toMatchObject({ reports: [], unreadable: [{ name: 'freshpin-scan', reason }], expired });
    // A refused artifact (too large, not a zip) is marked so: its run is then shown as refused, once.
    const refused = /larger than|past the cap|not a zip/.test(_name);
    expect(result.refused).toEqual(refused ? reason : undefined);
  });

  it('refuses entries that escape the archive, reading the rest', async () => {
    listArtifacts(5, [{ id: 12, name: 'freshpin-scan' }]);
    download(12, 200, zipWithEntry('../../etc/trivy.json', readFileSync(new URL('trivy-debian-buster.json', FIXTURES))));
    const result = await readScanArtifacts(job(), 5);
    expect(result.reports).toEqual([]);
    expect(result.unreadable).toEqual([{ name: '../../etc/trivy.json', reason: 'path escapes the archive (..)' }]);
  });

  it('throws on a transient failure, so that the webhook or the next pass tries again', async () => {
    listArtifacts(5, [{ id: 12, name: 'freshpin-scan' }]);
    download(12, 503, 'busy');
    await expect(readScanArtifacts(job(), 5)).rejects.toMatchObject({ name: 'GitHubError', kind: 'unavailable' });
  });
});

const marker = (fields: Partial<ScanMarker> = {}): ScanMarker => ({ v: 1, runId: 100, runAttempt: 1, headSha: sha('a'), conclusion: 'success', gate: 'success', ...fields });

describe('the scan marker', () => {
  it('reads back what the comment carries, and nothing malformed', () => {
    expect(readScanMarker(`text\n${renderMarker('scan', marker())}\n`)).toEqual(marker());
    expect(readScanMarker(renderMarker('scan', { v: 1, runId: 'x', headSha: sha('a') }))).toBeUndefined();
    expect(readScanMarker(renderMarker('bump', marker()))).toBeUndefined();
    expect(readScanMarker(undefined)).toBeUndefined();
  });

  it.each([
    ['nothing shown yet', undefined, { id: 100, headSha: sha('a') }, undefined],
    ['the same run', marker(), { id: 100, runAttempt: 1, headSha: sha('a') }, 'shown'],
    ['a re-run attempt of the shown run', marker(), { id: 100, runAttempt: 2, headSha: sha('a') }, undefined],
    ['an older run of the same commit', marker(), { id: 90, headSha: sha('a') }, 'newer-shown'],
    ['a newer run of the same commit', marker(), { id: 110, headSha: sha('a') }, undefined],
    ['an older run id on a new commit', marker(), { id: 90, headSha: sha('b') }, undefined],
  ])('isAlreadyShown: %s', (_name, shown, run, expected) => {
    expect(isAlreadyShown(shown, run)).toBe(expected);
  });

  it.each([
    [marker(), sha('a'), true],
    [marker({ gate: 'failure' }), sha('a'), false],
    [marker({ gate: 'no-results' }), sha('a'), false],
    [marker(), sha('b'), false],
    [undefined, sha('a'), false],
  ])('scanPassedFor %#', (shown, head, expected) => {
    expect(scanPassedFor(shown, head)).toBe(expected);
  });
});

const run = (fields: Partial<ScanRun> = {}): ScanRun => ({ id: 1, headSha: sha('a'), headBranch: 'freshpin/x/y', status: 'completed', conclusion: 'success', htmlUrl: 'https://github.com/o/r/actions/runs/1', event: 'workflow_dispatch', headRepoFullName: 'octo-org/octo-repo', ...fields });

describe('screenScanRun', () => {
  it.each([
    ['a completed run of the repository', run(), undefined],
    ['another letter case of the repository', run({ headRepoFullName: 'Octo-Org/Octo-Repo' }), undefined],
    ['a run from a fork', run({ headRepoFullName: 'mallory/octo-repo' }), 'the run is from another repository (a fork)'],
    ['a run of a deleted fork', run({ headRepoFullName: null }), 'the run is from another repository (a fork)'],
    ['a run in progress', run({ status: 'in_progress' }), 'the run is in_progress'],
    ['a run on no branch', run({ headBranch: null }), 'the run is not on a branch'],
  ])('%s', (_name, candidate, expected) => {
    expect(screenScanRun(candidate, 'octo-org/octo-repo')).toBe(expected);
  });
});

describe('findScanRunForPull', () => {
  const pull = (markerFields: { runId?: number; dispatchedSha?: string } = {}): ScanPull => ({
    number: 7,
    headSha: sha('a'),
    headRef: 'freshpin/x/y',
    baseRef: 'main',
    marker: { v: 1, file: 'Dockerfile', pin: 'arg:X', name: 'X', current: '1', proposed: '2', history: [], ...markerFields },
  });
  const apiRun = (id: number, fields: Record<string, unknown> = {}) => ({ id, event: 'workflow_dispatch', status: 'completed', conclusion: 'success', head_sha: sha('a'), head_branch: 'freshpin/x/y', html_url: `https://github.com/o/r/actions/runs/${id}`, created_at: '', ...fields });
  const listRuns = (runs: unknown[], workflow = 'freshpin-scan.yml') =>
    github().get(`${R}/actions/workflows/${workflow}/runs`).query({ head_sha: sha('a'), per_page: '100' }).reply(200, { total_count: runs.length, workflow_runs: runs });

  it('takes the newest completed run of the branch, skipping other events and branches', async () => {
    listRuns([apiRun(40, { event: 'pull_request_target' }), apiRun(30, { head_branch: 'elsewhere' }), apiRun(20), apiRun(10)]);
    expect(await findScanRunForPull(job(), defaultConfig(), pull())).toMatchObject({ id: 20, conclusion: 'success' });
  });

  it("takes the app's dispatched run whatever its branch name, and waits while the newest is going", async () => {
    listRuns([apiRun(40, { head_branch: 'renamed' })]);
    expect(await findScanRunForPull(job(), defaultConfig(), pull({ runId: 40, dispatchedSha: sha('a') }))).toMatchObject({ id: 40 });
    listRuns([apiRun(50, { status: 'in_progress', conclusion: null }), apiRun(40)]);
    expect(await findScanRunForPull(job(), defaultConfig(), pull({ runId: 40, dispatchedSha: sha('a') }))).toBeUndefined();
  });

  it("reads the marker's run directly when the configured workflow lists none (renamed since)", async () => {
    const config = { ...defaultConfig(), scan: { workflow: 'scan-v2.yml', failOn: 'HIGH' as const } };
    listRuns([], 'scan-v2.yml');
    github().get(`${R}/actions/runs/40`).reply(200, apiRun(40));
    expect(await findScanRunForPull(job(), config, pull({ runId: 40, dispatchedSha: sha('a') }))).toMatchObject({ id: 40 });
    listRuns([], 'scan-v2.yml');
    expect(await findScanRunForPull(job(), config, pull({ runId: 40, dispatchedSha: sha('b') }))).toBeUndefined();
  });
});
