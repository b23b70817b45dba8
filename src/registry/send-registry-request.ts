// One attempt at a registry request, below the retries of http-client.ts: the request is
// streamed with got, redirects are followed here hop by hop (at most 5), each hop passing
// the app's address guard (IP literals checked before connecting, names inside the socket's
// lookup) with `Authorization` dropped when the origin changes, and the final body is read
// within its decoded-byte cap. Failures no retry can mend come out as FinalFailure.
import got from 'got';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressGuard } from './guard-registry-address.ts';
import { RefusedAddressError, checkUrlHost, guardedLookup } from './guard-registry-address.ts';
import type { HttpRequest, HttpResponse } from './http-client.ts';
import { BodyTooLargeError, DEFAULT_BODY_CAP, formatBytes, readCappedBody } from './read-capped-body.ts';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

/** Builds the shared got instance: no got retries (ours are explicit), statuses returned, not thrown, redirects left to us. */
export function createGotInstance() {
  return got.extend({
    retry: { limit: 0 },
    throwHttpErrors: false,
    followRedirect: false,
    decompress: true,
    headers: { 'user-agent': 'freshpin' },
  });
}

type GotInstance = ReturnType<typeof createGotInstance>;

/** A failure no retry can mend: an oversized body or a refused address. */
export class FinalFailure extends Error {
  readonly kind: 'too-large' | 'refused' | 'redirects';

  constructor(kind: FinalFailure['kind'], message: string) {
    super(message);
    this.kind = kind;
  }
}

/**
 * One attempt: sends the request, follows up to 5 redirects (each hop re-checked by the
 * guard; Authorization dropped when the origin changes) and reads the final body within
 * its cap. The returned `url` is the final hop's.
 */
export async function sendOnce(client: GotInstance, request: HttpRequest, timeoutMs: number, guard: AddressGuard | undefined, now: () => number): Promise<HttpResponse> {
  const started = now();
  let url = new URL(request.url);
  const headers: Record<string, string> = { ...request.headers };
  for (let hop = 0; ; hop++) {
    let trusted = true;
    if (guard !== undefined) {
      try {
        trusted = checkUrlHost(guard, url).trusted;
      } catch (error) {
        if (error instanceof RefusedAddressError) throw new FinalFailure('refused', 'refused');
        throw error;
      }
    }
    const stream = client.stream(url, {
      method: request.method,
      headers,
      timeout: { request: Math.max(1, timeoutMs - (now() - started)) },
      ...(trusted ? {} : { dnsLookup: guardedLookup }),
    });
    const response = await new Promise<{ statusCode: number; headers: IncomingHttpHeaders }>((resolve, reject) => {
      stream.once('response', resolve);
      stream.once('error', reject);
    });
    stream.on('error', () => undefined);
    const location = response.headers.location?.trim();
    if (REDIRECTS.has(response.statusCode) && location !== undefined) {
      stream.destroy();
      if (hop >= MAX_REDIRECTS) throw new FinalFailure('redirects', `more than ${MAX_REDIRECTS} redirects`);
      const next = new URL(location, url);
      if (next.protocol !== 'https:' && next.protocol !== 'http:') throw new FinalFailure('redirects', 'redirect to a non-HTTP URL');
      if (next.origin !== url.origin) delete headers.authorization;
      url = next;
      continue;
    }
    let body = '';
    if (request.method === 'HEAD') stream.destroy();
    else {
      const maxBytes = request.maxBytes ?? DEFAULT_BODY_CAP;
      try {
        body = await readCappedBody(stream, maxBytes, response.headers as { 'content-length'?: string; 'content-encoding'?: string });
      } catch (error) {
        if (error instanceof BodyTooLargeError) throw new FinalFailure('too-large', `answered a body larger than ${formatBytes(maxBytes)} (decoded); read aborted`);
        throw error;
      }
    }
    return { status: response.statusCode, headers: response.headers, body, url: url.toString() };
  }
}
