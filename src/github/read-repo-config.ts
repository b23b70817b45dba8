// Reading `.github/freshpin.yml` through Probot's config loader
// (@probot/octokit-plugin-config): it falls back to the owner's `.github` repository and
// follows `_extends`. The raw merged value is returned; validating it is the core's job.
import { DEFAULT_CONFIG_PATH } from '../core/config/config-schema.ts';
import { formatRepoRef, type GitHubClient, type RepoRef } from './github-client.ts';
import { scrubSecrets } from '../core/secrets/scrub-secrets.ts';
import { toGitHubError } from './github-errors.ts';

/** A file the config was read from (the repository's own, the owner's `.github` repository, an `_extends` target). */
export interface ConfigSource {
  owner: string;
  repo: string;
  path: string;
}

export type RepoConfigResult = { found: false } | { found: true; raw: unknown; sources?: ConfigSource[] } | { found: true; error: string };

const PLUGIN_PREFIX = '[@probot/octokit-plugin-config]';

/**
 * The repository's freshpin config: `found: false` when neither the repository nor the
 * owner's `.github` repository has the file; `error` for a file that is not valid YAML
 * (or a bad `_extends`). API failures (5xx, 403, rate limits) throw GitHubError.
 */
export async function readRepoConfig(
  octokit: GitHubClient,
  ref: RepoRef,
  path: string = DEFAULT_CONFIG_PATH,
  options: { branch?: string } = {},
): Promise<RepoConfigResult> {
  try {
    const result = await octokit.config.get({ owner: ref.owner, repo: ref.repo, path, ...(options.branch === undefined ? {} : { branch: options.branch }) });
    const found = result.files.some((file) => file.config !== null);
    const sources = result.files.filter((file) => file.config !== null).map((file) => ({ owner: file.owner, repo: file.repo, path: file.path }));
    return found ? { found: true, raw: result.config, sources } : { found: false };
  } catch (error) {
    if (error instanceof Error && error.message.startsWith(PLUGIN_PREFIX)) {
      return { found: true, error: describeConfigError(error) };
    }
    throw toGitHubError(error, `read ${path} of ${formatRepoRef(ref)}`);
  }
}

function describeConfigError(error: Error): string {
  const message = error.message.slice(PLUGIN_PREFIX.length).trim();
  const cause = (error as { cause?: unknown }).cause;
  const detail = cause instanceof Error ? `: ${cause.message.split('\n')[0] ?? ''}` : '';
  return scrubSecrets(`${message}${detail}`).replace(/\s+/g, ' ').trim();
}
