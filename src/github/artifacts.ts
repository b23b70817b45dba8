// Workflow run artifacts: listing them and downloading one zip with a byte cap. GitHub
// answers the download with a 302 to a short-lived signed URL; the redirect is read, not
// followed, and the signed URL is fetched with plain fetch and no Authorization header.
// The signed URL is never logged nor put in an error message.
import { z } from 'zod';
import { formatRepoRef, type GitHubClient, type RepoRef } from './github-client.ts';
import { classifyGitHubError, GitHubError, isGitHubFailure, withGitHubContext } from './github-errors.ts';
import { parsePayload } from './github-payload.ts';
import { stopAfter } from './cap-listing.ts';

export interface ArtifactInfo {
  id: number;
  name: string;
  sizeInBytes: number;
  expired: boolean;
}

/** The artifact has expired or was deleted (GitHub answers 410). */
export class ArtifactExpiredError extends GitHubError {
  override readonly name = 'ArtifactExpiredError';

  constructor(context: string) {
    super(context, { kind: 'gone', status: 410, message: 'artifact expired', details: [] });
  }
}

/** The artifact is (or turned out to be) larger than the cap; nothing beyond the cap was kept. */
export class ArtifactTooLargeError extends GitHubError {
  override readonly name = 'ArtifactTooLargeError';
  readonly maxBytes: number;

  constructor(context: string, maxBytes: number, detail: string) {
    super(context, { kind: 'other', message: `${detail}; the cap is ${maxBytes} bytes`, details: [] });
    this.maxBytes = maxBytes;
  }
}

const ArtifactSchema = z.looseObject({ id: z.number(), name: z.string(), size_in_bytes: z.number().catch(0), expired: z.boolean().catch(false) });

/**
 * Artifacts of one run read at most: a scan run uploads one; a run listing more than this many
 * pages of them is not read further (the listing is bounded, like every GitHub input).
 */
export const MAX_LISTED_ARTIFACTS = 500;

/** The artifacts of a run (all pages, up to MAX_LISTED_ARTIFACTS). */
export async function listRunArtifacts(octokit: GitHubClient, ref: RepoRef, runId: number): Promise<ArtifactInfo[]> {
  const context = `list artifacts of run ${runId} in ${formatRepoRef(ref)}`;
  const data = await withGitHubContext(context, () => octokit.paginate('GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts', { ...ref, run_id: runId, per_page: 100 }, stopAfter(MAX_LISTED_ARTIFACTS)));
  return parsePayload(z.array(ArtifactSchema), data, context).map((artifact) => ({
    id: artifact.id,
    name: artifact.name,
    sizeInBytes: artifact.size_in_bytes,
    expired: artifact.expired,
  }));
}

export interface DownloadOptions {
  /** Largest zip accepted, in bytes: refused up front by the listed size, and cut off while streaming. */
  maxBytes: number;
  /** For the signed-URL download; default the global fetch. */
  fetch?: typeof fetch;
}

/** Downloads an artifact's zip. Throws ArtifactExpiredError, ArtifactTooLargeError or GitHubError. */
export async function downloadArtifact(
  octokit: GitHubClient,
  ref: RepoRef,
  artifact: Pick<ArtifactInfo, 'id'> & Partial<ArtifactInfo>,
  options: DownloadOptions,
): Promise<Uint8Array> {
  const context = `download artifact ${artifact.name ?? artifact.id} from ${formatRepoRef(ref)}`;
  if (artifact.expired === true) throw new ArtifactExpiredError(context);
  if (artifact.sizeInBytes !== undefined && artifact.sizeInBytes > options.maxBytes) {
    throw new ArtifactTooLargeError(context, options.maxBytes, `artifact is ${artifact.sizeInBytes} bytes`);
  }
  let response;
  try {
    response = await withGitHubContext(context, () =>
      octokit.request('GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}', {
        ...ref,
        artifact_id: artifact.id,
        archive_format: 'zip',
        request: { redirect: 'manual' },
      }),
    );
  } catch (error) {
    if (isGitHubFailure(error, 'gone')) throw new ArtifactExpiredError(context);
    throw error;
  }
  // Typed as 302 only; a server may also answer 200 with the zip itself.
  const status: number = response.status;
  const data: unknown = response.data;
  const location = response.headers.location;
  if (status >= 300 && status < 400 && typeof location === 'string' && location !== '') {
    return fetchCapped(location, options, context);
  }
  if (status === 200 && data instanceof ArrayBuffer) {
    if (data.byteLength > options.maxBytes) throw new ArtifactTooLargeError(context, options.maxBytes, `download is ${data.byteLength} bytes`);
    return new Uint8Array(data);
  }
  throw new GitHubError(context, { kind: 'other', status, message: `expected a redirect to the download, got HTTP ${status}`, details: [] });
}

/** Fetches the signed URL without credentials, keeping at most `maxBytes`. Errors never name the URL. */
async function fetchCapped(url: string, options: DownloadOptions, context: string): Promise<Uint8Array> {
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(url, { method: 'GET', redirect: 'follow' });
  } catch (error) {
    const failure = classifyGitHubError(error);
    throw new GitHubError(context, { kind: 'unavailable', message: `signed download failed: ${failure.message}`, details: [] });
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    const kind = response.status >= 500 ? 'unavailable' : response.status === 404 || response.status === 410 ? 'gone' : 'other';
    throw new GitHubError(context, { kind, status: response.status, message: `signed download answered HTTP ${response.status}`, details: [] });
  }
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > options.maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new ArtifactTooLargeError(context, options.maxBytes, `download declares ${declared} bytes`);
  }
  if (response.body === null) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > options.maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new ArtifactTooLargeError(context, options.maxBytes, 'download ran past the cap');
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof GitHubError) throw error;
    throw new GitHubError(context, { kind: 'unavailable', message: `signed download broke off: ${classifyGitHubError(error).message}`, details: [] });
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
