// Short-lived signed URLs on the fake that serve artifact bytes, standing in
// for the blob-storage redirect GitHub answers artifact downloads with.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FakeState } from './fake-state.ts';
import type { Reply } from './http-kit.ts';

const TTL_MS = 60_000;

function signature(state: FakeState, artifactId: number, expires: number): string {
  return createHmac('sha256', state.signingSecret).update(`${artifactId}:${expires}`).digest('hex');
}

/** A signed download URL for an artifact, valid for one minute. */
export function signArtifactUrl(state: FakeState, origin: string, artifactId: number, nowMs: number): string {
  const expires = nowMs + TTL_MS;
  return `${origin}/_signed/artifacts/${artifactId}.zip?expires=${expires}&sig=${signature(state, artifactId, expires)}`;
}

/** Serves a signed URL: the zip bytes, or 403 when the signature is bad or expired. */
export function serveSigned(state: FakeState, url: URL, nowMs: number): Reply {
  const m = /^\/_signed\/artifacts\/(\d+)\.zip$/.exec(url.pathname);
  const expires = Number(url.searchParams.get('expires'));
  const sig = Buffer.from(url.searchParams.get('sig') ?? '', 'utf8');
  const id = Number(m?.[1]);
  const expected = Buffer.from(m ? signature(state, id, expires) : '', 'utf8');
  const valid = m && sig.length === expected.length && timingSafeEqual(sig, expected);
  if (!valid) return { status: 403, raw: '<?xml version="1.0" encoding="utf-8"?><Error><Code>AuthenticationFailed</Code></Error>', contentType: 'application/xml' };
  if (expires < nowMs) return { status: 403, raw: '<?xml version="1.0" encoding="utf-8"?><Error><Code>AuthenticationFailed</Code><Message>Signed expiry time has passed</Message></Error>', contentType: 'application/xml' };
  const artifact = state.artifactIndex.get(id)?.artifacts.get(id);
  if (!artifact) return { status: 404, raw: 'BlobNotFound', contentType: 'text/plain' };
  return { status: 200, raw: Buffer.from(artifact.zip), contentType: 'application/zip', headers: { 'content-disposition': `attachment; filename=${artifact.name}.zip` } };
}
