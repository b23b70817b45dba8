// Config files are read by size first. Probot's config loader (@probot/octokit-plugin-config)
// downloads `.github/freshpin.yml` (and its `.github`-repository fallback and `_extends`
// targets) raw and parses the whole text: a 30 MB file took the process to 651 MiB. This
// plugin turns those raw downloads into the contents API's JSON answer, which states the
// file's size; a file over MAX_CONFIG_FILE_BYTES is refused before its text is fetched or
// parsed, and a smaller one is decoded from the answer (GitHub includes files up to 1 MB).
import type { GitHubClient } from './github-client.ts';

/** Largest config file read: configs are a few hundred bytes; GitHub's contents API inlines files up to 1 MB. */
export const MAX_CONFIG_FILE_BYTES = 1024 * 1024;

const CONTENTS_ROUTE = '/repos/{owner}/{repo}/contents/{path}';
/** The loader's error prefix: readRepoConfig reports these as the tenant's config problem. */
const LOADER_PREFIX = '[@probot/octokit-plugin-config]';

interface ContentsFile {
  type?: unknown;
  size?: unknown;
  content?: unknown;
  encoding?: unknown;
}

function isRawConfigRead(options: { method?: string; url?: string; mediaType?: { format?: string } }): boolean {
  return String(options.method).toUpperCase() === 'GET' && options.url === CONTENTS_ROUTE && options.mediaType?.format === 'raw';
}

/** Octokit plugin: raw reads of contents become size-checked JSON reads. */
export function boundedConfigFilesPlugin(octokit: Pick<GitHubClient, 'hook'>): void {
  octokit.hook.wrap('request', async (request, options) => {
    if (!isRawConfigRead(options as Parameters<typeof isRawConfigRead>[0])) return request(options);
    // Hooks pass one options object down the chain (before-after-hook binds it): change it in place.
    options.mediaType = { ...options.mediaType, format: '' };
    const response = await request(options);
    const file = response.data as ContentsFile;
    // A directory (an array) or a submodule: handed on as JSON, which the loader reports.
    if (Array.isArray(response.data) || file.type !== 'file') return response;
    const size = typeof file.size === 'number' ? file.size : Number.POSITIVE_INFINITY;
    const path = String((options as { path?: unknown }).path ?? 'the config file');
    if (size > MAX_CONFIG_FILE_BYTES) {
      throw new Error(`${LOADER_PREFIX} ${path} is ${size} bytes: freshpin reads config files of at most ${MAX_CONFIG_FILE_BYTES} bytes (1 MiB)`);
    }
    if (file.encoding !== 'base64' || typeof file.content !== 'string') {
      throw new Error(`${LOADER_PREFIX} ${path}: GitHub did not include the file's content`);
    }
    const text = Buffer.from(file.content, 'base64').toString('utf8');
    return { ...response, headers: { ...response.headers, 'content-type': 'application/vnd.github.raw; charset=utf-8' }, data: text };
  });
}
