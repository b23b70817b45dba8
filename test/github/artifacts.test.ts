import { Readable } from 'node:stream';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { ArtifactExpiredError, ArtifactTooLargeError, downloadArtifact, listRunArtifacts } from '../../src/github/artifacts.ts';
import { github, makeClient, REPO } from './make-client.ts';

const R = '/repos/octo-org/octo-repo';
const SIGNED_HOST = 'https://productionresultssa1.blob.core.windows.net';
const SIGNED_PATH = '/actions-results/abc/workflow-job-run-1/artifacts/xyz.zip';
const SIGNED_QUERY = { rscd: 'attachment', se: '2025-06-01T12:10:00Z', sig: 'SECRETSIGNATURE', sp: 'r', sv: '2025-01-05' };
const SIGNED_URL = `${SIGNED_HOST}${SIGNED_PATH}?${new URLSearchParams(SIGNED_QUERY).toString()}`;

const artifact = (id: number, name: string, size: number, expired = false) => ({
  id,
  node_id: 'MDg6QXJ0aWZhY3Qx',
  name,
  size_in_bytes: size,
  url: `https://api.github.com${R}/actions/artifacts/${id}`,
  archive_download_url: `https://api.github.com${R}/actions/artifacts/${id}/zip`,
  expired,
  created_at: '2025-06-01T00:00:00Z',
  expires_at: '2025-06-08T00:00:00Z',
  updated_at: '2025-06-01T00:00:00Z',
  digest: 'sha256:cfc3236bdad15b5898bca8408945c9e19e1917da8704adc20eaa618444290a8c',
  workflow_run: { id: 5, repository_id: 1, head_repository_id: 1, head_branch: 'main', head_sha: 'a'.repeat(40) },
});

const ZIP = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6]);

function redirectTo(id: number) {
  github().get(`${R}/actions/artifacts/${id}/zip`).reply(302, '', { location: SIGNED_URL });
}

async function caught(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

describe('listRunArtifacts', () => {
  it('lists artifacts across pages', async () => {
    github()
      .get(`${R}/actions/runs/5/artifacts`)
      .query({ per_page: '100' })
      .reply(200, { total_count: 2, artifacts: [artifact(11, 'freshpin-report', 556)] }, { link: `<https://api.github.com${R}/actions/runs/5/artifacts?per_page=100&page=2>; rel="next"` });
    github()
      .get(`${R}/actions/runs/5/artifacts`)
      .query({ per_page: '100', page: '2' })
      .reply(200, { total_count: 2, artifacts: [artifact(13, 'logs', 453, true)] });
    expect(await listRunArtifacts(makeClient(), REPO, 5)).toEqual([
      { id: 11, name: 'freshpin-report', sizeInBytes: 556, expired: false },
      { id: 13, name: 'logs', sizeInBytes: 453, expired: true },
    ]);
  });
});

describe('downloadArtifact', () => {
  it('follows the 302 itself and fetches the signed URL without Authorization', async () => {
    redirectTo(11);
    nock(SIGNED_HOST, { badheaders: ['authorization'] }).get(SIGNED_PATH).query(SIGNED_QUERY).reply(200, Buffer.from(ZIP), { 'content-type': 'application/zip' });
    const bytes = await downloadArtifact(makeClient(), REPO, { id: 11, name: 'freshpin-report', sizeInBytes: ZIP.length, expired: false }, { maxBytes: 1024 });
    expect(bytes).toEqual(ZIP);
  });

  it('refuses before downloading when the listed size is over the cap', async () => {
    const error = await caught(downloadArtifact(makeClient(), REPO, { id: 11, sizeInBytes: 2048 }, { maxBytes: 1024 }));
    expect(error).toBeInstanceOf(ArtifactTooLargeError);
  });

  it('cuts off a download that lies about its size (streamed, no content-length)', async () => {
    redirectTo(11);
    const chunk = Buffer.alloc(400, 1);
    nock(SIGNED_HOST)
      .get(SIGNED_PATH)
      .query(true)
      .reply(200, () => Readable.from([chunk, chunk, chunk, chunk]));
    const error = await caught(downloadArtifact(makeClient(), REPO, { id: 11, sizeInBytes: 10 }, { maxBytes: 1000 }));
    expect(error).toBeInstanceOf(ArtifactTooLargeError);
    expect(error.message).not.toContain('SECRETSIGNATURE');
  });

  it('refuses a declared content-length over the cap', async () => {
    redirectTo(11);
    nock(SIGNED_HOST).get(SIGNED_PATH).query(true).reply(200, Buffer.alloc(2000), { 'content-length': '2000' });
    expect(await caught(downloadArtifact(makeClient(), REPO, { id: 11 }, { maxBytes: 1000 }))).toBeInstanceOf(ArtifactTooLargeError);
  });

  it('turns a 410 into ArtifactExpiredError', async () => {
    github().get(`${R}/actions/artifacts/11/zip`).reply(410, { message: 'Artifact has expired' });
    const error = await caught(downloadArtifact(makeClient(), REPO, { id: 11, sizeInBytes: 10 }, { maxBytes: 1000 }));
    expect(error).toBeInstanceOf(ArtifactExpiredError);
    expect(error).toMatchObject({ kind: 'gone', status: 410 });
  });

  it('accepts a server that answers with the zip itself', async () => {
    github().get(`${R}/actions/artifacts/11/zip`).reply(200, Buffer.from(ZIP), { 'content-type': 'application/zip' });
    expect(await downloadArtifact(makeClient(), REPO, { id: 11 }, { maxBytes: 1000 })).toEqual(ZIP);
  });

  it('does not request an artifact listed as expired', async () => {
    expect(await caught(downloadArtifact(makeClient(), REPO, { id: 11, expired: true }, { maxBytes: 1000 }))).toBeInstanceOf(ArtifactExpiredError);
  });

  it.each([
    [403, 'other'],
    [503, 'unavailable'],
  ])('never puts the signed URL in the error when the signed download answers %i', async (status, kind) => {
    redirectTo(11);
    nock(SIGNED_HOST).get(SIGNED_PATH).query(true).reply(status, `<Error>AuthenticationFailed for ${SIGNED_URL}</Error>`);
    const error = await caught(downloadArtifact(makeClient(), REPO, { id: 11 }, { maxBytes: 1000 }));
    expect(error).toMatchObject({ kind, status });
    expect(error.message).not.toMatch(/SECRETSIGNATURE|blob\.core/);
  });
});
